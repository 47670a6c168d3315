package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Library logging: WARN and above, to stderr, set up by LogSetup (found through META-INF/services). */
class LogSetupTest {
  @Test
  void librariesLogWarningsToStderr() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, a -> {
      assertThat(a.getTarget()).isEqualTo("System.err");
      assertThat(a.isStarted()).isTrue();
    });
    org.slf4j.Logger jetty = LoggerFactory.getLogger("org.eclipse.jetty.server.Server");
    assertThat(jetty.isInfoEnabled()).isFalse();
    assertThat(jetty.isWarnEnabled()).isTrue();
  }

  @Test
  void aFreshContextIsConfiguredTheSameWay() {
    LoggerContext fresh = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(fresh);
    assertThat(setup.configure(fresh)).isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    assertThat(fresh.getLogger("com.zaxxer.hikari.pool.HikariPool").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(fresh.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
    fresh.stop();
  }
}
