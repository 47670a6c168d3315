package dev.flotilla.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for compose's short syntaxes: {@code ports} strings, {@code volumes} strings, durations,
 * byte sizes and shell-like command strings. Each throws {@link IllegalArgumentException} with a
 * message a user can act on; callers add file:line.
 */
public final class ShortSyntax {
  private ShortSyntax() {}
  private static final Pattern MODE = Pattern.compile("ro|rw|z|Z|nocopy|shared|rshared|slave|rslave|private|rprivate|cached|delegated|consistent");
  private static final Pattern WINDOWS_PATH = Pattern.compile("[A-Za-z]:[\\\\/].*");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?$");

  /** A parsed volume string: type is "bind" or "volume" (or "volume" with null source: anonymous). */
  public record Volume(String type, String source, String target, String mode) {}

  public static Volume volume(String spec) {
    String s = spec;
    List<String> parts = splitVolume(s);
    String source = null;
    String target;
    String mode = null;
    switch (parts.size()) {
      case 1 -> target = parts.get(0);
      case 2 -> {
        if (parts.get(1).startsWith("/") || !looksLikeMode(parts.get(1))) {
          source = parts.get(0);
          target = parts.get(1);
        } else {
          target = parts.get(0);
          mode = parts.get(1);
        }
      }
      case 3 -> {
        source = parts.get(0);
        target = parts.get(1);
        mode = parts.get(2);
      }
      default -> throw new IllegalArgumentException("invalid volume \"" + spec + "\" (write SOURCE:TARGET[:MODE])");
    }
    if (target.isEmpty()) throw new IllegalArgumentException("invalid volume \"" + spec + "\": empty target");
    String type = source == null ? "volume" : isPath(source) ? "bind" : "volume";
    return new Volume(type, source, target, mode);
  }

  static boolean looksLikeMode(String p) {
    for (String m : p.split(",")) {
      if (!MODE.matcher(m).matches()) return false;
    }
    return true;
  }

  /** A bind source is a path: starts with '.', '/', '~' or a Windows drive. */
  public static boolean isPath(String source) {
    return source.startsWith(".") || source.startsWith("/") || source.startsWith("~") || WINDOWS_PATH.matcher(source).matches();
  }

  private static List<String> splitVolume(String s) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ':') {
        // keep Windows drive letters ("C:\x") in one part
        if (i - start == 1 && i + 1 < s.length() && (s.charAt(i + 1) == '\\' || s.charAt(i + 1) == '/') && Character.isLetter(s.charAt(start))) continue;
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  public static String volumeTarget(String spec) {
    try {
      return volume(spec).target();
    } catch (IllegalArgumentException e) {
      return spec;
    }
  }

  /** One port after expanding ranges; published null when the engine chooses. */
  public record Port(int target, Integer published, String hostIp, String protocol) {}

  private static final Pattern PORT =
      Pattern.compile("^(?:(?:(\\[[0-9a-fA-F:.]+\\]|[0-9.]+):)?(\\d*(?:-\\d+)?):)?(\\d+(?:-\\d+)?)(?:/(tcp|udp|sctp))?$");

  public static List<Port> ports(String spec) {
    String s = spec.trim();
    Matcher m = PORT.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid port \"" + spec + "\" (write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])");
    }
    String ip = m.group(1);
    if (ip != null && ip.startsWith("[")) ip = ip.substring(1, ip.length() - 1);
    if (ip != null && ip.isEmpty()) ip = null;
    String pub = m.group(2);
    String target = m.group(3);
    String proto = m.group(4) == null ? "tcp" : m.group(4);
    int[] t = range(target, spec);
    List<Port> out = new ArrayList<>();
    if (pub == null || pub.isEmpty()) {
      for (int p = t[0]; p <= t[1]; p++) out.add(new Port(p, null, ip, proto));
      return out;
    }
    int[] h = range(pub, spec);
    int tn = t[1] - t[0];
    int hn = h[1] - h[0];
    if (tn == 0 && hn > 0) {
      // a host range for one container port: the engine picks one of the range; keep the first
      out.add(new Port(t[0], h[0], ip, proto));
      return out;
    }
    if (tn != hn) throw new IllegalArgumentException("invalid port \"" + spec + "\": host and container ranges differ in size");
    for (int k = 0; k <= tn; k++) out.add(new Port(t[0] + k, h[0] + k, ip, proto));
    return out;
  }

  static int[] range(String r, String spec) {
    String[] p = r.split("-");
    try {
      int a = Integer.parseInt(p[0]);
      int b = p.length > 1 ? Integer.parseInt(p[1]) : a;
      if (a < 0 || b > 65535 || b < a) throw new IllegalArgumentException("invalid port range \"" + r + "\" in \"" + spec + "\"");
      return new int[] {a, b};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port \"" + spec + "\"");
    }
  }

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  /** Go-style durations as compose writes them: "1m30s", "500ms", "10s"; a bare number is seconds. */
  public static Duration duration(String text) {
    String s = text.trim();
    if (DIGITS.matcher(s).matches()) return Duration.ofSeconds(Long.parseLong(s));
    Matcher m = DURATION_PART.matcher(s);
    int pos = 0;
    double nanos = 0;
    while (m.find()) {
      if (m.start() != pos) break;
      double v = Double.parseDouble(m.group(1));
      nanos +=
          v
              * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
      pos = m.end();
    }
    if (pos != s.length() || s.isEmpty()) throw new IllegalArgumentException("invalid duration \"" + text + "\" (write e.g. 10s, 1m30s, 500ms)");
    return Duration.ofNanos((long) nanos);
  }

  /** Byte sizes: 1024, "512m", "1g", "1.5gb", "100k". */
  public static long bytes(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) throw new IllegalArgumentException("invalid size \"" + text + "\" (write e.g. 512m or 1g)");
    double v = Double.parseDouble(m.group(1));
    long mul =
        switch (m.group(2)) {
          case "k" -> 1L << 10;
          case "m" -> 1L << 20;
          case "g" -> 1L << 30;
          case "t" -> 1L << 40;
          case "p" -> 1L << 50;
          default -> 1;
        };
    return (long) (v * mul);
  }

  /** Splits a command string the way a POSIX shell splits words (quotes and backslashes). */
  public static List<String> shellSplit(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote == '\'') {
        if (c == '\'') quote = 0;
        else cur.append(c);
      } else if (quote == '"') {
        if (c == '"') quote = 0;
        else if (c == '\\' && i + 1 < s.length() && "\"\\$`\n".indexOf(s.charAt(i + 1)) >= 0) cur.append(s.charAt(++i));
        else cur.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (quote != 0) throw new IllegalArgumentException("unterminated quote in \"" + s + "\"");
    if (inWord) out.add(cur.toString());
    return out;
  }
}
