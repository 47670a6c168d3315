import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step (run by Maven after the shaded jar is made, see pom.xml): rewrites the class files
 * under the given package prefixes that are older than Java 6 (version 50) as Java 8 class files,
 * with the stack map frames the JVM's verifier needs for those.
 *
 * <p>Why: picocli ships Java 5 class files for compatibility. No class-data archive can hold
 * those (CDS and the JDK 25 AOT cache need verified, frame-carrying classes), so every command
 * loaded and verified ~170 picocli classes from the jar with the old type-inferencing verifier:
 * ~65 ms of a check's start-up (bench/RESULTS.md, decision 0083). Only the class-file version and
 * the frames change; the bytecode is ASM's exact copy of picocli's. Picocli is Apache-2.0.
 *
 * <p>Usage: {@code java -cp <classpath with ASM> UpgradeClassFiles.java JAR PREFIX...}; the jar is
 * rewritten in place, and left untouched when nothing in it needs upgrading.
 */
public final class UpgradeClassFiles {
  private static final int JAVA_6 = 50;

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: UpgradeClassFiles JAR PREFIX...");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    String[] prefixes = java.util.Arrays.copyOfRange(args, 1, args.length);
    Path out = jar.resolveSibling(jar.getFileName() + ".upgrading");
    int upgraded = 0;
    try (ZipFile in = new ZipFile(jar.toFile());
        URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        OutputStream file = Files.newOutputStream(out);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      Enumeration<? extends ZipEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        byte[] bytes;
        try (InputStream s = in.getInputStream(e)) {
          bytes = s.readAllBytes();
        }
        if (selected(e.getName(), prefixes) && bytes.length > 8 && major(bytes) < JAVA_6) {
          bytes = upgrade(bytes, classes);
          upgraded++;
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        zip.putNextEntry(copy);
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    if (upgraded == 0) {
      Files.delete(out);
      System.out.println("UpgradeClassFiles: nothing to upgrade in " + jar);
      return;
    }
    Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("UpgradeClassFiles: " + upgraded + " class files upgraded to Java 8 in " + jar);
  }

  private static boolean selected(String name, String[] prefixes) {
    if (!name.endsWith(".class") || name.startsWith("META-INF/")) return false;
    for (String p : prefixes) if (name.startsWith(p)) return true;
    return false;
  }

  private static int major(byte[] b) {
    return ((b[6] & 0xff) << 8) | (b[7] & 0xff);
  }

  private static byte[] upgrade(byte[] bytes, ClassLoader classes) {
    ClassReader reader = new ClassReader(bytes);
    // frames need the common superclass of two types: look them up in the jar itself, uninitialised
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected ClassLoader getClassLoader() {
        return classes;
      }
    };
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
      }
    }, 0);
    return writer.toByteArray();
  }
}
