package dev.flotilla.load;

import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a YAML file into located {@link YNode}s: strict UTF-8, a size limit, aliases expanded
 * with a bound (an alias bomb is an error, not an out-of-memory), {@code <<} merge keys applied,
 * duplicate keys rejected. Every failure is a one-line {@link UserError} with file:line.
 */
public final class YamlReader {
  /** Compose files are small; this refuses accidental data files and decompression-style attacks. */
  public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;
  /** Upper bound on nodes after alias expansion, per file. */
  public static final int MAX_NODES = 1_000_000;

  static final int MAX_DEPTH = 256;
  private static final java.util.regex.Pattern INT = java.util.regex.Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final java.util.regex.Pattern FLOAT =
      java.util.regex.Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  /** Line splitting, compiled once: the loader runs for every project {@code check} reads. */
  static final java.util.regex.Pattern LINES = java.util.regex.Pattern.compile("\r?\n");

  private final Path file;
  private int nodes;

  private YamlReader(Path file) {
    this.file = file;
  }

  /** Reads every document of {@code file}; an empty file gives an empty list. */
  public static List<YNode> readFile(Path file) {
    return readString(file, readText(file));
  }

  public static List<YNode> readString(Path file, String text) {
    YamlReader r = new YamlReader(file);
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file.toString())
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true) // we report duplicates ourselves, with both lines
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(10_000)
            .setCodePointLimit((int) MAX_FILE_BYTES + 16)
            .setUseMarks(true)
            .build();
    List<YNode> docs = new ArrayList<>();
    try {
      for (Node n : new Compose(settings).composeAllFromString(text)) {
        if (n == null) continue;
        docs.add(r.convert(n, 0, new IdentityHashMap<>()));
      }
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> m = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
      SourceLocation at = m.map(r::loc).orElse(SourceLocation.of(file, 1));
      String problem = e.getProblem() == null ? e.getClass().getSimpleName() : e.getProblem();
      throw UserError.input(at, "malformed YAML: " + oneLine(problem) + " (fix the syntax at this line)");
    } catch (YamlEngineException e) {
      String msg = oneLine(String.valueOf(e.getMessage()));
      if (msg.contains("aliases")) {
        throw UserError.input(SourceLocation.of(file, 1), "too many YAML aliases (" + msg + "); is this an alias bomb?");
      }
      throw UserError.input(SourceLocation.of(file, 1), "malformed YAML: " + msg);
    } catch (IllegalArgumentException e) {
      throw UserError.input(SourceLocation.of(file, 1), "malformed YAML: " + oneLine(String.valueOf(e.getMessage())));
    } catch (StackOverflowError e) {
      throw UserError.input(SourceLocation.of(file, 1), "YAML nested too deeply to read");
    }
    return docs;
  }

  /** Reads a text file as strict UTF-8 with the size limit; errors are one-line UserErrors. */
  public static String readText(Path file) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) throw UserError.input(SourceLocation.of(file, 0), "is a directory, not a file");
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw UserError.input(
            new SourceLocation(file, 0, 0),
            "file is " + (size / (1024 * 1024)) + " MB; Flotilla reads compose files up to " + (MAX_FILE_BYTES / (1024 * 1024)) + " MB (is this the right file?)");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw UserError.input(new SourceLocation(file, 0, 0), "no such file");
    } catch (AccessDeniedException e) {
      throw UserError.input(new SourceLocation(file, 0, 0), "permission denied: cannot read this file (check its permissions)");
    } catch (FileSystemException e) {
      String reason = e.getReason() == null ? "cannot read" : e.getReason();
      if (reason.toLowerCase(Locale.ROOT).contains("symbolic links")) reason = "symbolic link loop";
      throw UserError.input(new SourceLocation(file, 0, 0), "cannot read: " + reason);
    } catch (IOException e) {
      throw UserError.input(new SourceLocation(file, 0, 0), "cannot read: " + e.getMessage());
    }
    return decodeUtf8(file, bytes);
  }

  static String decodeUtf8(Path file, byte[] bytes) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    // The JDK's own decoding is many times faster than a CharsetDecoder loop before the JIT has
    // compiled it, which is all of a one-shot check. It replaces bad bytes with U+FFFD, so a text
    // holding one is decoded again strictly, to tell a real U+FFFD from bad input and find the line.
    String fast = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) return withoutNul(file, fast);
    CharsetDecoder dec =
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult res = dec.decode(in, out, true);
    if (res.isError()) {
      int bad = in.position();
      int line = 1;
      int col = 1;
      for (int i = start; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
          col = 1;
        } else if ((bytes[i] & 0xC0) != 0x80) {
          col++;
        }
      }
      throw UserError.input(
          new SourceLocation(file, line, col),
          String.format("not valid UTF-8 (byte 0x%02X); save the file as UTF-8", bytes[bad] & 0xff));
    }
    try {
      dec.flush(out);
    } catch (IllegalStateException e) {
      // already flushed
    }
    out.flip();
    return withoutNul(file, out.toString());
  }

  private static String withoutNul(Path file, String s) {
    if (s.indexOf('\0') >= 0) {
      throw UserError.input(SourceLocation.of(file, lineOf(s, s.indexOf('\0'))), "contains NUL bytes: this is not a text file");
    }
    return s;
  }

  static int lineOf(String s, int index) {
    int line = 1;
    for (int i = 0; i < index && i < s.length(); i++) if (s.charAt(i) == '\n') line++;
    return line;
  }

  private SourceLocation loc(Mark m) {
    return new SourceLocation(file, m.getLine() + 1, m.getColumn() + 1);
  }

  private SourceLocation loc(Node n) {
    return n.getStartMark().map(this::loc).orElse(SourceLocation.of(file, 1));
  }

  private YNode convert(Node n, int depth, IdentityHashMap<Node, Boolean> path) {
    if (++nodes > MAX_NODES) {
      throw UserError.input(
          loc(n), "YAML aliases expand to more than " + MAX_NODES + " nodes (an alias bomb?); use fewer nested aliases");
    }
    if (depth > MAX_DEPTH) throw UserError.input(loc(n), "YAML nested more than " + MAX_DEPTH + " levels deep");
    if (path.containsKey(n)) throw UserError.input(loc(n), "recursive YAML alias (an anchor refers to itself)");
    String tag = localTag(n.getTag());
    if (n instanceof ScalarNode s) return scalar(s, tag);
    path.put(n, Boolean.TRUE);
    try {
      if (n instanceof SequenceNode q) {
        List<YNode> items = new ArrayList<>();
        for (Node c : q.getValue()) items.add(convert(c, depth + 1, path));
        return new YNode.Seq(items, loc(n), tag);
      }
      MappingNode m = (MappingNode) n;
      LinkedHashMap<String, YNode.Entry> explicit = new LinkedHashMap<>();
      List<YNode.Map> merged = new ArrayList<>();
      for (NodeTuple t : m.getValue()) {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode ks)) throw UserError.input(loc(k), "a mapping key must be a plain value, not a " + (k instanceof SequenceNode ? "list" : "mapping"));
        if (isMergeKey(ks)) {
          YNode v = convert(t.getValueNode(), depth + 1, path);
          if (v instanceof YNode.Map mm) merged.add(mm);
          else if (v instanceof YNode.Seq sq) {
            for (YNode i : sq.items()) {
              if (!(i instanceof YNode.Map mm)) throw UserError.input(i.location(), "a '<<' merge key takes a mapping or a list of mappings");
              merged.add(mm);
            }
          } else throw UserError.input(v.location(), "a '<<' merge key takes a mapping or a list of mappings");
          continue;
        }
        String key = ks.getValue();
        if (explicit.containsKey(key)) {
          throw UserError.input(
              loc(k), "duplicate key '" + key + "' (first at line " + explicit.get(key).keyLocation().line() + "); remove one of them");
        }
        explicit.put(key, new YNode.Entry(key, loc(k), convert(t.getValueNode(), depth + 1, path)));
      }
      if (merged.isEmpty()) return new YNode.Map(explicit, loc(n), tag);
      // explicit keys win; among merged mappings the first one listed wins (YAML merge-key spec)
      LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
      for (YNode.Map mm : merged) for (YNode.Entry e : mm.entries().values()) out.putIfAbsent(e.key(), e);
      for (YNode.Entry e : explicit.values()) {
        out.remove(e.key());
        out.put(e.key(), e);
      }
      return new YNode.Map(out, loc(n), tag);
    } finally {
      path.remove(n);
    }
  }

  private static boolean isMergeKey(ScalarNode k) {
    return k.getScalarStyle() == ScalarStyle.PLAIN && "<<".equals(k.getValue()) || Tag.MERGE.equals(k.getTag());
  }

  private static String localTag(Tag t) {
    String v = t.getValue();
    return v.startsWith("!") && !v.startsWith("!!") ? v : null;
  }

  private YNode.Scalar scalar(ScalarNode s, String tag) {
    boolean quoted = s.getScalarStyle() != ScalarStyle.PLAIN;
    YNode.Scalar.Kind kind = YNode.Scalar.Kind.STRING;
    Tag t = s.getTag();
    if (Tag.NULL.equals(t)) kind = YNode.Scalar.Kind.NULL;
    else if (Tag.BOOL.equals(t)) kind = YNode.Scalar.Kind.BOOL;
    else if (Tag.INT.equals(t)) kind = YNode.Scalar.Kind.INT;
    else if (Tag.FLOAT.equals(t)) kind = YNode.Scalar.Kind.FLOAT;
    if (tag != null && !quoted) kind = resolvePlain(s.getValue());
    return new YNode.Scalar(s.getValue(), kind, quoted, loc(s), tag);
  }

  /** YAML 1.2 core-schema typing of a plain scalar (used again after interpolation). */
  static YNode.Scalar.Kind resolvePlain(String v) {
    if (v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL")) return YNode.Scalar.Kind.NULL;
    if (v.equals("true") || v.equals("True") || v.equals("TRUE") || v.equals("false") || v.equals("False") || v.equals("FALSE")) {
      return YNode.Scalar.Kind.BOOL;
    }
    if (INT.matcher(v).matches()) return YNode.Scalar.Kind.INT;
    if (FLOAT.matcher(v).matches()) return YNode.Scalar.Kind.FLOAT;
    return YNode.Scalar.Kind.STRING;
  }

  static Object parseInt(String v) {
    try {
      if (v.startsWith("0o")) return Long.parseLong(v.substring(2), 8);
      if (v.startsWith("0x")) return Long.parseLong(v.substring(2), 16);
      return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
    } catch (NumberFormatException e) {
      return new java.math.BigInteger(v.startsWith("+") ? v.substring(1) : v);
    }
  }

  static Double parseFloat(String v) {
    String l = v.toLowerCase(Locale.ROOT);
    if (l.endsWith(".inf")) return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    if (l.equals(".nan")) return Double.NaN;
    return Double.parseDouble(v);
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  /** Convenience for callers holding a text and a file name only. */
  static Map<String, Object> plainMap(YNode n) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) YNode.toPlain(n);
    return m;
  }

}
