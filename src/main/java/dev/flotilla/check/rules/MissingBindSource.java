package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import dev.flotilla.model.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

@RuleInfo(
    code = "CFG004",
    severity = Severity.HIGH,
    category = Category.CONFIGURATION,
    title = "Bind-mount source missing from the project",
    explanation = "When a bind mount's source does not exist, Docker silently creates an empty directory in its place. "
        + "A config file mounted that way (`./nginx.conf:/etc/nginx/nginx.conf`) becomes a directory: the container "
        + "fails with 'not a directory' or, worse, starts with its built-in defaults. A missing provisioning or script "
        + "directory mounts as empty. Data directories Docker is meant to create (`./data:/var/lib/postgresql/data`) "
        + "are not reported.",
    example = "services:\n  proxy:\n    volumes:\n      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro   # file not in the project",
    fix = "Create (and commit) the file or directory, or fix the path: a source path is relative to the compose file's directory.")
public final class MissingBindSource implements Rule {

  private static final Pattern FILE_LIKE = Pattern.compile(".*\\.(conf|cfg|ini|ya?ml|json|toml|xml|properties|env|sh|py|js|ts|sql|pem|crt|key|txt|lua|html|rules|cnf|tmpl|template|j2)$");
  private static final Pattern DATA_LIKE = Pattern.compile("(?i).*(^|/)(data|db|pgdata|mysql|mongo|redis|log|logs|cache|tmp|temp|uploads|media|storage|backups?|state|var|volumes?|output|models|downloads|run)(/|$).*"
      + "|^/var/lib/.*|^/var/log.*|^/var/cache.*|^/tmp.*|^/data.*|^/srv/.*data.*");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    Path project = stack.projectDir() == null ? null : stack.projectDir().toAbsolutePath().normalize();
    for (Service s : stack.services().values()) {
      for (VolumeMount m : s.volumes()) {
        if (m.type() != VolumeMount.Type.BIND || m.hostPath() == null || m.source() == null) continue;
        String src = m.source();
        if (src.startsWith("~") || src.startsWith("$") || src.startsWith("/var/run") || src.startsWith("/run") || src.startsWith("/proc")
            || src.startsWith("/sys") || src.startsWith("/dev") || src.startsWith("/etc") || src.startsWith("\\\\")) continue;
        Path host = m.hostPath().toAbsolutePath().normalize();
        boolean inProject = project != null && host.startsWith(project);
        if (!inProject && src.startsWith("/")) continue; // a host path outside the project: a fact about the deploy host
        if (Files.exists(host)) continue;
        boolean fileLike = FILE_LIKE.matcher(src).matches() || (m.target() != null && FILE_LIKE.matcher(m.target()).matches());
        boolean dataLike = !m.readOnly() && !fileLike && ((m.target() != null && DATA_LIKE.matcher(m.target()).matches()) || DATA_LIKE.matcher(src).matches());
        if (dataLike) continue;
        Finding.Builder f = finding(s.name(), "bind-mount source " + src + " does not exist in the project: Docker creates an empty directory"
                + (fileLike ? " where " + m.target() + " expects a file" : " at " + m.target()), m.location())
            .remedy("create and commit " + src + ", or correct the path (relative to the compose file's directory)");
        if (!fileLike) f.severity(Severity.MEDIUM);
        out.add(f.build());
      }
    }
    return out;
  }
}
