package dev.flotilla.load.source;

import dev.flotilla.load.source.node.JsScanner;
import dev.flotilla.model.SourceFile;
import java.nio.file.Path;

/** JavaScript and TypeScript for Node: {@code .js .mjs .cjs .ts .mts .cts}, scanned by {@link JsScanner}. */
public final class NodeLanguage implements SourceLanguage {
  @Override
  public String name() {
    return "node";
  }

  @Override
  public boolean isSource(String fileName) {
    return fileName.matches(".*\\.(c|m)?[jt]s$") && !fileName.endsWith(".d.ts") && !fileName.endsWith(".min.js");
  }

  @Override
  public SourceFile scan(Path file, String imagePath, String moduleName, String text) {
    return JsScanner.scan(file, imagePath, text);
  }
}
