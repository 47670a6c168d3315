package dev.flotilla.load.source;

import dev.flotilla.model.SourceFile;
import java.nio.file.Path;

/**
 * A language Flotilla reads source of. Implementations are listed in
 * {@code META-INF/services/dev.flotilla.load.source.SourceLanguage}; a new language plugs in by
 * adding a class there: say which files are its sources, and scan one file into a
 * {@link SourceFile} (imports, routes, outgoing calls, binds, name problems, traits).
 */
public interface SourceLanguage {

  /** Short name, as in {@link SourceFile#language()}: {@code python}, {@code node}. */
  String name();

  /** True for a file name this language scans ({@code main.py}). */
  boolean isSource(String fileName);

  /**
   * Scans one file. {@code imagePath} is where the image holds it; {@code moduleName} its module
   * name for languages that have one (Python: dotted, relative to the import root), else null.
   */
  SourceFile scan(Path file, String imagePath, String moduleName, String text);
}
