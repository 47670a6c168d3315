package dev.flotilla.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ErrorWordsTest {
  @Test
  void wordsOfCodeAndMessageInLowerCase() {
    assertThat(ErrorWords.of("DEP004", "Redis refused: connection to 10.0.0.7:6379 (peer_reset)"))
        .containsExactly("dep004", "redis", "refused", "connection", "to", "10", "0", "7", "6379", "peer", "reset");
    assertThat(ErrorWords.of(null, null)).isEmpty();
    assertThat(ErrorWords.of("X", "a".repeat(ErrorWords.MAX_LENGTH + 1) + " b")).containsExactly("x", "b");
  }

  @Test
  void onlyWordsClosedOnBothSidesAreWhole() {
    assertThat(ErrorWords.wholeIn("peer 12 after")).containsExactly("12");
    assertThat(ErrorWords.wholeIn("refused")).isEmpty();
    assertThat(ErrorWords.wholeIn(" refused ")).containsExactly("refused");
    assertThat(ErrorWords.wholeIn("Connection Refused By Peer")).containsExactly("refused", "by");
    assertThat(ErrorWords.wholeIn("a:b:c")).containsExactly("b");
    assertThat(ErrorWords.wholeIn(null)).isEmpty();
  }

  /** The claim the search rests on: text containing q holds every whole word of q as a word. */
  @Test
  void everyWholeWordOfASubstringIsAWordOfTheText() {
    Random random = new Random(42);
    String chars = "abcXYZ019 .:-_/\u00e9";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder m = new StringBuilder();
      for (int k = random.nextInt(60); k > 0; k--) m.append(chars.charAt(random.nextInt(chars.length())));
      String message = m.toString();
      int start = random.nextInt(message.length() + 1);
      int end = start + random.nextInt(message.length() - start + 1);
      String query = message.substring(start, end).toUpperCase(Locale.ROOT);
      assertThat(ErrorWords.of("C1", message)).as("'%s' in '%s'", query, message).containsAll(ErrorWords.wholeIn(query));
    }
  }
}
