package dev.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import dev.flotilla.testing.Parts;
import dev.flotilla.track.ErrorStatus;
import dev.flotilla.track.HealthSample;
import dev.flotilla.track.NewError;
import dev.flotilla.track.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in real headless Chromium against the real server; screenshots in target/screenshots/. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  static final String TOKEN = "browser-token-0123456789abcdef";
  Path dir;
  String storeUrl;
  Store store;
  FlotillaServer server;
  Seed seed;
  ChromeDriver driver;
  WebDriverWait wait;

  @BeforeAll
  void start() throws Exception {
    Parts.requireChromium();
    dir = Files.createTempDirectory("flotilla-dashboard");
    String url = "jdbc:h2:file:" + dir.resolve("store");
    storeUrl = url;
    store = Store.open(url);
    seed = new Seed(store, "shop");
    server = Server.start(new FlotillaServer.Settings("127.0.0.1", 0, TOKEN), store, url, PlatformView.none());
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome")));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  @AfterAll
  void stop() {
    if (driver != null) driver.quit();
    if (server != null) server.close();
    if (store != null) store.close();
  }

  String url(String hash) {
    return "http://127.0.0.1:" + server.port() + "/" + hash;
  }

  void shot(String name) throws Exception {
    Path out = Path.of("target", "screenshots");
    Files.createDirectories(out);
    Files.write(out.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  void noConsoleErrors() {
    var entries = driver.manage().logs().get(LogType.BROWSER).getAll();
    assertThat(entries.stream().filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(e -> e.getMessage()).filter(m -> !m.contains("favicon") && !m.contains("status of 401")).toList()).as("browser console errors (CSP violations show here)").isEmpty();
  }

  @Test
  void overviewShowsTheDeployedPlatformAndUpdatesLive() throws Exception {
    driver.get(url("#/"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#services tr[data-service='web']")));
    assertThat(driver.findElements(By.cssSelector("#services tbody tr"))).hasSize(4);
    // rows are re-rendered when live events arrive: read them through waits, which retry a stale element
    By postgres = By.cssSelector("#services tr[data-service='postgres']");
    wait.until(ExpectedConditions.and(
        ExpectedConditions.textToBePresentInElementLocated(postgres, "phase 1"),
        ExpectedConditions.textToBePresentInElementLocated(postgres, "healthy")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#services tr[data-service='web']"), "phase 3"));
    assertThat(driver.findElements(By.cssSelector("#graph g.node"))).hasSize(4);
    assertThat(driver.findElements(By.cssSelector("#graph path.edge"))).hasSize(3);
    wait.until(ExpectedConditions.textToBe(By.id("healthy-count"), "4 / 4"));
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    shot("overview");
    driver.executeCdpCommand("Emulation.setEmulatedMedia",
        java.util.Map.of("features", List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
    shot("overview-dark");
    driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features", List.of()));

    // another writer records that web went down: the page shows it without a reload
    Object marker = driver.executeScript("window.__noReload = 42; return window.__noReload;");
    store.recordHealth(new HealthSample(0, seed.deploymentId, "shop", "web", Instant.now(), false, 2001L, 503, "GET http://127.0.0.1:9012/healthz",
        "503 Service Unavailable"));
    wait.until(ExpectedConditions.textToBe(By.id("healthy-count"), "3 / 4"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#feed li[data-type='health']")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#services tr[data-service='web']"), "unhealthy"));
    assertThat(driver.executeScript("return window.__noReload;")).isEqualTo(marker);
    shot("overview-live-update");
    noConsoleErrors();
  }

  /**
   * Runs {@code StoreWriterProcess} in a child JVM, as {@code flotilla up} in another terminal
   * would write the store the server reads; returns the ids of the deployments it committed.
   */
  List<Long> writeFromAnotherProcess(String writer, int count) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        dev.flotilla.track.StoreWriterProcess.class.getName(), storeUrl, "shop", Integer.toString(count), writer)
        .redirectErrorStream(true).start();
    try {
      assertThat(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).as("writer process finished").isTrue();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(out).isZero();
      return out.lines().filter(l -> l.startsWith("committed ")).map(l -> Long.parseLong(l.split(" ")[2])).toList();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: the other process's deployments become the latest of "shop"
  void deploymentsAndErrorsWrittenByAnotherProcessAppearLive() throws Exception {
    driver.get(url("#/"));
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    Object marker = driver.executeScript("window.__noReload = 7; return window.__noReload;");
    List<Long> ids = writeFromAnotherProcess("other-process", 1);
    assertThat(ids).hasSize(1);
    WebDriverWait slow = new WebDriverWait(driver, Duration.ofSeconds(20));
    slow.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed"), "deployment #" + ids.get(0)));
    slow.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#feed li[data-type='error']")));
    // the feed is re-rendered by every live event: read it through a wait, which retries a stale element
    slow.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed"), "no space left on device"));
    shot("overview-other-process");

    driver.get(url("#/deployments"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#deployments tr[data-deployment='" + ids.get(0) + "']")));
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    marker = driver.executeScript("window.__noReload = 8; return window.__noReload;");
    List<Long> more = writeFromAnotherProcess("another-process", 2);
    for (Long id : more) {
      slow.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#deployments tr[data-deployment='" + id + "']")));
    }
    By last = By.cssSelector("#deployments tr[data-deployment='" + more.get(1) + "']");
    slow.until(ExpectedConditions.and(
        ExpectedConditions.textToBePresentInElementLocated(last, "another-process"),
        ExpectedConditions.textToBePresentInElementLocated(last, "failed")));
    assertThat(driver.executeScript("return window.__noReload;")).as("no reload").isEqualTo(marker);
    shot("deployments-other-process");

    driver.get(url("#/errors"));
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//table[@id='errors']//tr[contains(., 'no space left on device')]")));
    assertThat(row.getText()).contains("RES002");
    noConsoleErrors();
  }

  @Test
  void aScriptInALogLineRendersAsText() throws Exception {
    driver.get(url("#/errors/" + seed.scriptErrorId));
    WebElement evidence = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("pre.evidence")));
    assertThat(evidence.getText()).contains("<script>document.title='pwned'</script>").contains("<img src=x onerror=alert(1)>");
    assertThat(driver.findElement(By.id("error-message")).getText()).contains("<script>");
    assertThat(driver.findElements(By.cssSelector("main script, main img"))).isEmpty();
    assertThat(driver.getTitle()).doesNotContain("pwned");
    driver.get(url("#/errors"));
    WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#errors tr[data-error='" + seed.scriptErrorId + "'] td.message")));
    assertThat(row.getText()).contains("<script>");
    assertThat(driver.getTitle()).doesNotContain("pwned");
    shot("errors");
    noConsoleErrors();
  }

  @Test
  void anErrorResolvedInTheUiIsResolvedInTheStore() throws Exception {
    long id = store.recordError(NewError.builder("shop", "PRT001", Severity.MEDIUM, Category.CONFIGURATION, "host port 8080 published twice")
        .service("web").fingerprint("browser-resolve").build()).errorId();
    driver.get(url("#/errors/" + id));
    driver.executeScript("sessionStorage.removeItem('flotilla.token')");
    WebElement notes = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("resolve-notes")));
    notes.sendKeys("moved web to 8081");
    driver.findElement(By.id("resolve")).click();
    // the UI asks for the token, keeps it in sessionStorage, sends it as a header
    WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
    shot("token-dialog");
    input.sendKeys(TOKEN);
    driver.findElement(By.id("token-save")).click();
    wait.until(ExpectedConditions.textToBe(By.id("resolve-status"), "Resolved."));
    var e = store.error(id).orElseThrow();
    assertThat(e.status()).isEqualTo(ErrorStatus.RESOLVED);
    assertThat(e.resolutionNotes()).isEqualTo("moved web to 8081");
    assertThat(driver.executeScript("return sessionStorage.getItem('flotilla.token')")).isEqualTo(TOKEN);
    assertThat(driver.findElement(By.id("resolution")).getText()).contains("moved web to 8081");
    shot("error-resolved");
    noConsoleErrors();
  }

  @Test
  void everyPageRendersAndIsKeyboardReachable() throws Exception {
    for (String[] p : List.of(new String[] {"#/deployments", "Deployments", "deployments"},
        new String[] {"#/deployments/" + seed.deploymentId, "Deployment #" + seed.deploymentId, "deployment-timeline"},
        new String[] {"#/trends", "Trends", "trends"}, new String[] {"#/scores", "Readiness", "readiness"})) {
      driver.get(url(p[0]));
      wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), p[1]));
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main table, main svg")));
      shot(p[2]);
    }
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("HLT001").contains("api");
    // keyboard: "e" goes to errors, Tab reaches the navigation
    driver.findElement(By.tagName("body")).sendKeys("e");
    wait.until(ExpectedConditions.urlContains("#/errors"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("errors")));
    noConsoleErrors();
  }
}
