package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.load.source.Knowledge;
import dev.flotilla.model.Category;
import dev.flotilla.model.ImportRef;
import dev.flotilla.model.Manifest;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@RuleInfo(
    code = "COD004",
    severity = Severity.HIGH,
    category = Category.DEPENDENCY,
    title = "Import that no installed requirement provides",
    explanation = "The package is installed on the developer's machine, so the import works there; the image installs "
        + "only what its requirements declare, so the import fails in the container (ModuleNotFoundError), or, inside "
        + "`try: … except ImportError`, the feature silently turns itself off (\"OpenTelemetry not available\"). "
        + "Import names that differ from distribution names (yaml → PyYAML), and what a distribution brings with it "
        + "(uvicorn[standard] brings PyYAML), come from flotilla/import-names.txt; the standard library from "
        + "flotilla/python-stdlib.txt. Node: a `require`/`import` of a package no installed package.json lists fails "
        + "with \"Cannot find module\" (core modules from flotilla/node-builtins.txt). Severity: HIGH when the file is "
        + "imported by what the container runs, MEDIUM inside try/except ImportError, LOW for a file nothing imports.",
    example = "from opentelemetry import trace   # requirements.txt has no opentelemetry-*",
    fix = "Add the distribution to the requirements file the image installs (e.g. `opentelemetry-api`).")
public final class UndeclaredDependency implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (ServiceSources src : SourceFacts.of(stack).values()) {
      if (!src.hasSource() || !src.complete()) continue;
      node(src, out);
      if (src.files().stream().noneMatch(f -> f.language().equals("python"))) continue;
      Set<String> declared = SourceFacts.declaredImports(src);
      Set<String> reachable = SourceFacts.reachable(src);
      Set<String> reported = new HashSet<>();
      String manifests = describe(src);
      for (SourceFile f : src.files()) {
        if (!f.language().equals("python")) continue;
        for (ImportRef i : f.imports()) {
          if (i.typeCheckingOnly() || i.module().equals("__future__")) continue;
          if (SourceFacts.resolve(src, f, i, declared) != SourceFacts.Resolution.MISSING) continue;
          if (!SourceFacts.projectModules(stack, i.topLevel()).isEmpty()) continue; // COD002's case
          if (!reported.add(f.imagePath() + "|" + i.topLevel())) continue;
          boolean reach = reachable.contains(f.imagePath());
          Severity sev = !reach ? Severity.LOW : i.guarded() ? Severity.MEDIUM : Severity.HIGH;
          String dist = Knowledge.distributionsFor(i.module()).iterator().next();
          String consequence = i.guarded() ? "the feature silently turns itself off" : "ModuleNotFoundError when this runs";
          out.add(finding(src.service(), "'" + i.topLevel() + "' is imported but " + manifests + " does not provide it: " + consequence
                  + (reach ? "" : " (this file is not imported by what the container runs)"), i.location())
              .severity(sev)
              .remedy("add '" + dist + "' to " + manifests)
              .build());
        }
      }
    }
    return out;
  }

  /**
   * Node: a package a .js file requires or imports that no package.json the build installs lists
   * ("Cannot find module 'x'" at start). Only when the build installs one, vendors no node_modules,
   * and is no workspace (hoisted packages come from elsewhere); devDependencies count as declared.
   */
  private void node(ServiceSources src, List<Finding> out) {
    List<Manifest> pkgs = src.manifests().stream().filter(m -> m.ecosystem().equals("node")).toList();
    if (pkgs.isEmpty() || src.layout().keySet().stream().anyMatch(k -> k.contains("/node_modules/"))) return;
    Set<String> declared = new HashSet<>();
    for (Manifest m : pkgs) {
      if (m.file() != null && m.file().getFileName().toString().equals("package.json") && workspace(m.file())) return;
      for (var r : m.requirements()) declared.add(r.name());
    }
    Set<String> reported = new HashSet<>();
    for (SourceFile f : src.files()) {
      if (!f.language().equals("node") || !f.imagePath().matches(".*\\.(c|m)?js$") || toolingOnly(f.imagePath())) continue;
      for (ImportRef i : f.imports()) {
        String pkg = Knowledge.npmPackage(i.module());
        if (pkg == null || Knowledge.isNodeBuiltin(i.module()) || declared.contains(pkg)) continue;
        if (!reported.add(f.imagePath() + "|" + pkg)) continue;
        String consequence = i.guarded() ? "the code that needs it turns itself off" : "\"Cannot find module '" + pkg + "'\" when this runs";
        out.add(finding(src.service(), "'" + pkg + "' is required but no package.json the image installs lists it: " + consequence,
                i.location())
            .severity(i.guarded() ? Severity.MEDIUM : Severity.HIGH)
            .remedy("npm install " + pkg + " (adds it to package.json dependencies)")
            .build());
      }
    }
  }

  /** Tests and tool configuration import devDependencies and their helpers; the container never runs them. */
  private static boolean toolingOnly(String imagePath) {
    return imagePath.matches(".*(\\.(test|spec)\\.[cm]?js|\\.config\\.[cm]?js|/\\.[^/]*rc\\.[cm]?js)$")
        || imagePath.matches(".*/(__tests__|__mocks__|tests?|spec)/.*");
  }

  private static boolean workspace(java.nio.file.Path packageJson) {
    try {
      return java.nio.file.Files.readString(packageJson).contains("\"workspaces\"");
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return true;
    }
  }

  private static String describe(ServiceSources src) {
    List<String> names = new ArrayList<>();
    for (Manifest m : src.manifests()) {
      String n = m.kind().equals("pip-install") ? "the Dockerfile's pip install" : m.file().getFileName().toString();
      if (!names.contains(n)) names.add(n);
    }
    return names.isEmpty() ? "nothing the image installs" : String.join(", ", names);
  }
}
