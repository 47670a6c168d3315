package dev.flotilla.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels Docker Compose puts on containers (so {@code docker ps} and compose tooling recognise ours), and Flotilla's own. */
public final class Labels {
  public static final String PROJECT = "com.docker.compose.project";
  public static final String SERVICE = "com.docker.compose.service";
  public static final String NUMBER = "com.docker.compose.container-number";
  public static final String ONEOFF = "com.docker.compose.oneoff";
  public static final String CONFIG_HASH = "com.docker.compose.config-hash";
  public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
  public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
  public static final String COMPOSE_VERSION = "com.docker.compose.version";
  public static final String MANAGED_BY = "dev.flotilla.managed-by";
  public static final String DEPLOYMENT = "dev.flotilla.deployment";
  /** Suffix of an instance's name while a deploy keeps it aside until its replacement is proven. */
  public static final String PREVIOUS_SUFFIX = "-flotilla-previous";

  private Labels() {}

  public static Map<String, String> of(String project, String service, String configHash, String workingDir, String configFiles) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(PROJECT, project);
    m.put(SERVICE, service);
    m.put(NUMBER, "1");
    m.put(ONEOFF, "False");
    m.put(CONFIG_HASH, configHash);
    if (workingDir != null) m.put(WORKING_DIR, workingDir);
    if (configFiles != null) m.put(CONFIG_FILES, configFiles);
    m.put(COMPOSE_VERSION, "1.29.2");
    m.put(MANAGED_BY, "flotilla");
    return m;
  }
}
