package dev.flotilla.check.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.check.facts.ImageFacts.Confidence;
import org.junit.jupiter.api.Test;

class ImageFactsTest {
  final ImageFacts facts = ImageFacts.get();

  @Test
  void knowsWellKnownImages() {
    assertThat(facts.profile("python:3.12-slim")).hasValueSatisfying(p -> {
      assertThat(p.family()).isEqualTo("debian-slim");
      assertThat(p.lacks()).contains("curl", "wget");
      assertThat(p.has()).contains("python", "sh");
      assertThat(p.confidence()).isEqualTo(Confidence.CERTAIN);
    });
    assertThat(facts.profile("docker.io/library/python:3.12")).hasValueSatisfying(p -> assertThat(p.has()).contains("curl"));
    assertThat(facts.profile("python")).hasValueSatisfying(p -> assertThat(p.family()).isEqualTo("debian"));
    assertThat(facts.profile("alpine")).hasValueSatisfying(p -> assertThat(p.has()).contains("wget").doesNotContain("curl"));
    assertThat(facts.profile("gcr.io/distroless/python3-debian12")).hasValueSatisfying(p -> assertThat(p.lacks()).contains("sh"));
    assertThat(facts.profile("gcr.io/distroless/base:debug")).hasValueSatisfying(p -> assertThat(p.has()).contains("sh"));
    assertThat(facts.profile("postgres:16-alpine@sha256:abc")).hasValueSatisfying(p -> assertThat(p.family()).isEqualTo("alpine"));
    assertThat(facts.profile("eclipse-temurin:21-jre")).hasValueSatisfying(p -> assertThat(p.confidence()).isEqualTo(Confidence.GUESS));
    assertThat(facts.profile("registry.example.com/team/app:1.0")).isEmpty();
  }

  @Test
  void readsInstallLines() {
    var ch = ImageFacts.packageChanges("apt-get update && apt-get install -y --no-install-recommends curl=7.88 ca-certificates && rm -rf /var/lib/apt/lists/*");
    assertThat(ch.added()).contains("curl", "ca-certificates");
    var virt = ImageFacts.packageChanges("apk add --no-cache --virtual .build-deps curl gcc && make && apk del .build-deps");
    assertThat(virt.added()).doesNotContain("curl");
    assertThat(facts.toolsOfPackage("netcat-openbsd")).containsExactly("nc");
  }
}
