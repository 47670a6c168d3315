package dev.flotilla.check;

import java.nio.file.Path;

/**
 * A change to one file: replace {@code length} characters at {@code offset} with
 * {@code replacement}. Working on text, not on a re-serialized tree, keeps comments, anchors and
 * formatting. {@code offset == -1} with {@code length == -1} creates the file with the replacement
 * as its content.
 */
public record TextEdit(Path file, int offset, int length, String replacement) {
  public static TextEdit createFile(Path file, String content) {
    return new TextEdit(file, -1, -1, content);
  }

  public boolean createsFile() {
    return offset < 0;
  }
}
