package dev.flotilla.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTest {
  static Route route(String method, String path) {
    return new Route("fastapi", method, path, "app", SourceLocation.UNKNOWN);
  }

  @Test
  void segmentsDropTheQueryButKeepUnknownSegments() {
    assertThat(Route.segments("/a//b/?x=1")).containsExactly("a", "b");
    assertThat(Route.segments("/users/{?}/notify?x={?}")).containsExactly("users", "{?}", "notify");
    assertThat(Route.segments("")).isEmpty();
  }

  @Test
  void parametersAndUnknownSegmentsMatchAnything() {
    assertThat(route("POST", "/api/v1/users/{user_id}/notify").matches("POST", "/api/v1/users/{?}/notify")).isTrue();
    assertThat(route("POST", "/api/v1/users/{user_id}/notify").matches("POST", "/api/v1/users/7/notify")).isTrue();
    assertThat(route("POST", "/api/v1/users/{user_id}/notify").matches("GET", "/api/v1/users/7/notify")).isFalse();
    assertThat(route("GET", "/api/v1/users/{user_id}").matches("GET", "/api/v1/users/7/notify")).isFalse();
    assertThat(route("*", "/static/{rest:path}").matches("GET", "/static/css/app.css")).isTrue();
    assertThat(route("GET", "/internal/devices/bulk_upsert").pathMatches("/internal/services/bulk_upsert")).isFalse();
  }
}
