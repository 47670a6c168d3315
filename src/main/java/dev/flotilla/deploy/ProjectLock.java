package dev.flotilla.deploy;

import dev.flotilla.model.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One deploying command per project at a time: an OS file lock on
 * {@code PROJECT/.flotilla/deploy.lock}, released when the holder ends (even by a crash). The
 * holder writes who it is beside it, so the second command can say whom it waits for.
 */
public final class ProjectLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;
  private final Path holderFile;

  private ProjectLock(FileChannel channel, FileLock lock, Path holderFile) {
    this.channel = channel;
    this.lock = lock;
    this.holderFile = holderFile;
  }

  /** Takes the lock or fails (exit 1) naming the holder. */
  public static ProjectLock acquire(Path projectDir, String project, String command) {
    Path dir = projectDir.toAbsolutePath().resolve(".flotilla");
    Path file = dir.resolve("deploy.lock");
    Path holder = dir.resolve("deploy.lock.holder");
    try {
      Files.createDirectories(dir);
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        ch.close();
        String who = Files.exists(holder) ? Files.readString(holder, StandardCharsets.UTF_8).strip() : "another process";
        throw new UserError(UserError.Kind.FAILED, null, "project " + project + " is locked by " + who
            + "; wait for it to finish (or stop it with Ctrl-C), then run this again");
      }
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
      Files.writeString(holder, "'" + command + "' (pid " + ProcessHandle.current().pid() + " on " + host + ", user "
          + System.getProperty("user.name") + ", since " + Instant.now() + ")", StandardCharsets.UTF_8);
      return new ProjectLock(ch, l, holder);
    } catch (IOException e) {
      throw UserError.input("cannot lock " + file + ": " + e.getMessage() + " (make the project directory writable)");
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(holderFile);
      lock.release();
      channel.close();
    } catch (IOException e) {
      // released with the process anyway
    }
  }
}
