package dev.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Who may do what: the token check and the loopback rules, without a server. */
class AccessPolicyTest {
  static final String TOKEN = "s3cret-token-0123456789abcdef";

  @Test
  void onlyTheExactBearerTokenIsAccepted() {
    AccessPolicy p = new AccessPolicy(TOKEN, true);
    assertThat(p.authorized("Bearer " + TOKEN)).isTrue();
    assertThat(p.authorized("bearer " + TOKEN)).as("the scheme is case-insensitive").isTrue();
    assertThat(p.authorized("  Bearer  " + TOKEN + "  ")).isTrue();
    assertThat(p.authorized(null)).isFalse();
    assertThat(p.authorized("")).isFalse();
    assertThat(p.authorized(TOKEN)).as("no scheme").isFalse();
    assertThat(p.authorized("Basic " + TOKEN)).isFalse();
    assertThat(p.authorized("Bearer " + TOKEN.substring(0, TOKEN.length() - 1))).as("a prefix").isFalse();
    assertThat(p.authorized("Bearer " + TOKEN + "x")).as("longer").isFalse();
    assertThat(p.authorized("Bearer " + TOKEN.toUpperCase())).as("the token is case-sensitive").isFalse();
    assertThatThrownBy(() -> new AccessPolicy(" ", true)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loopbackOpensReadsOnlyAndRefusesForeignHosts() {
    AccessPolicy loop = new AccessPolicy(TOKEN, AccessPolicy.isLoopback("127.0.0.1"));
    assertThat(loop.tokenRequired(false)).isFalse();
    assertThat(loop.tokenRequired(true)).isTrue();
    assertThat(loop.hostAllowed("127.0.0.1:8088")).isTrue();
    assertThat(loop.hostAllowed("localhost:8088")).isTrue();
    assertThat(loop.hostAllowed("[::1]:8088")).isTrue();
    assertThat(loop.hostAllowed("evil.example:8088")).isFalse();
    assertThat(loop.hostAllowed("127.0.0.1.evil.example")).isFalse();

    AccessPolicy open = new AccessPolicy(TOKEN, AccessPolicy.isLoopback("0.0.0.0"));
    assertThat(open.loopback()).isFalse();
    assertThat(open.tokenRequired(false)).as("off loopback every call needs the token").isTrue();
    assertThat(AccessPolicy.isLoopback("::1")).isTrue();
  }

  @Test
  void generatedTokensAreLongAndDifferent() {
    String a = AccessPolicy.generateToken();
    String b = AccessPolicy.generateToken();
    assertThat(a).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(b).matches("[A-Za-z0-9_-]+");
  }
}
