package dev.flotilla.load.source;

import dev.flotilla.load.source.node.JsScanner;
import dev.flotilla.model.SourceFile;
import java.nio.file.Path;

/** JavaScript and TypeScript for Node: {@code .js .mjs .cjs .ts .mts .cts}, scanned by {@link JsScanner}. */
public final class NodeLanguage implements SourceLanguage {
  private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile(".*\\.(c|m)?[jt]s$");
  @Override
  public String name() {
    return "node";
  }

  @Override
  public boolean isSource(String fileName) {
    return SOURCE.matcher(fileName).matches() && !fileName.endsWith(".d.ts") && !fileName.endsWith(".min.js");
  }

  @Override
  public SourceFile scan(Path file, String imagePath, String moduleName, String text) {
    return JsScanner.scan(file, imagePath, text);
  }
}
