package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.load.source.Knowledge;
import dev.flotilla.load.source.SourceScanner;
import dev.flotilla.model.Category;
import dev.flotilla.model.EntryPoint;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Manifest;
import dev.flotilla.model.Service;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import dev.flotilla.model.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

@RuleInfo(
    code = "BLD006",
    severity = Severity.HIGH,
    category = Category.BUILD,
    title = "The command the container runs is not installed",
    explanation = "`CMD [\"uvicorn\", …]` needs something to install uvicorn; when requirements.txt lists only fastapi "
        + "the container exits at once with \"exec: uvicorn: executable file not found in $PATH\". The same happens to "
        + "a start script that no COPY puts in the image, or that is not executable. Which package installs which "
        + "executable is a data table, flotilla/executables.txt.",
    example = "# requirements.txt: fastapi\nCMD [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\"]",
    fix = "Add the package that installs the executable to the requirements the image installs (uvicorn), COPY the "
        + "script, or make it executable (`COPY --chmod=755`, or `chmod +x` before committing).")
public final class ExecutableNotInstalled implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      ServiceSources src = SourceFacts.of(stack, s);
      if (src == null) continue;
      EntryPoint e = src.entry();
      List<String> argv = SourceScanner.unwrap(e.argv());
      if (argv.isEmpty()) continue;
      String exe = argv.get(0);
      if (exe.contains("$")) continue;
      if (exe.contains("/")) {
        script(s, src, exe, e, out);
        continue;
      }
      String program = exe;
      if (exe.matches("python[0-9.]*") && argv.size() > 2 && argv.get(1).equals("-m")) program = argv.get(2);
      Knowledge.Executable known = Knowledge.executable(program).orElse(null);
      if (known == null || known.fromBaseImage() || !src.complete()) continue;
      String eco = known.ecosystem();
      Set<String> declared = SourceFacts.declaredKeys(src, eco);
      boolean provided = false;
      for (String p : known.packages()) {
        if (declared.contains(eco.equals("node") ? p : Knowledge.normalize(p))) provided = true;
      }
      for (Manifest m : src.manifests()) if (m.executables().containsKey(program)) provided = true;
      if (eco.equals("node") && exe.equals("npx")) provided = true;
      if (provided) continue;
      String installs = src.manifests().isEmpty() ? "the build installs no dependencies"
          : "nothing in " + String.join(", ", src.manifests().stream().map(m -> m.kind().endsWith("install") ? "the Dockerfile's install line" : m.file().getFileName().toString()).distinct().toList()) + " installs it";
      out.add(finding(s.name(), "the container runs '" + program + "', but " + installs + ": "
              + "\"" + program + ": executable file not found\" at start", e.location())
          .remedy("add " + known.packages().get(0) + " to the requirements the image installs")
          .build());
    }
    return out;
  }

  private void script(Service s, ServiceSources src, String exe, EntryPoint e, List<Finding> out) {
    String path = exe.startsWith("/") ? exe : (e.workdir().endsWith("/") ? e.workdir() : e.workdir() + "/") + exe;
    path = path.replace("/./", "/");
    if (!s.builds()) return;
    Path host = src.layout().get(path);
    if (host == null) {
      // only judge paths where this build puts files: under the workdir or a directory it copies to
      String dir = path.substring(0, path.lastIndexOf('/') + 1);
      boolean ours = src.layout().keySet().stream().anyMatch(k -> k.startsWith(dir));
      if (!ours) return;
      out.add(finding(s.name(), "the container runs '" + exe + "', but no COPY puts " + path + " in the image", e.location())
          .remedy("COPY the script into the image (and check .dockerignore)")
          .build());
      return;
    }
    if (Files.isExecutable(host)) return;
    String name = path.substring(path.lastIndexOf('/') + 1);
    for (Stage st : SourceFactsStages.stages(s)) {
      for (Instruction i : st.instructions()) {
        if (i.is("RUN") && i.raw().contains("chmod") && (i.raw().contains(name) || i.raw().contains("+x"))) return;
        if ((i.is("COPY") || i.is("ADD")) && i.flags().containsKey("chmod")) return;
      }
    }
    if (!e.argv().isEmpty() && e.argv().get(0).matches("(/bin/)?(ba)?sh")) return;
    out.add(finding(s.name(), "the container runs '" + exe + "', which is not executable: \"permission denied\" at start", e.location())
        .severity(Severity.MEDIUM)
        .remedy("chmod +x " + exe + " (and commit the mode), or COPY --chmod=755")
        .build());
  }

  /** The parsed stages a service's image is built from. */
  static final class SourceFactsStages {
    static List<Stage> stages(Service s) {
      if (s.build() == null || s.build().parsed() == null) return List.of();
      return s.build().parsed().stages();
    }
  }

  static Path unused() {
    return null;
  }

  static final List<String> NONE = new ArrayList<>();
}
