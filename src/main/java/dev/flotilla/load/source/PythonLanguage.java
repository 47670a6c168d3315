package dev.flotilla.load.source;

import dev.flotilla.load.source.python.PyScanner;
import dev.flotilla.model.SourceFile;
import java.nio.file.Path;

/** Python: {@code *.py} files, scanned by {@link PyScanner}. */
public final class PythonLanguage implements SourceLanguage {
  @Override
  public String name() {
    return "python";
  }

  @Override
  public boolean isSource(String fileName) {
    return fileName.endsWith(".py");
  }

  @Override
  public SourceFile scan(Path file, String imagePath, String moduleName, String text) {
    return PyScanner.scan(file, imagePath, moduleName, text);
  }
}
