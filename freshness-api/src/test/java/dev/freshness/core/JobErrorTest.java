package dev.freshness.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobErrorTest {

    @Test
    void describesAnExceptionByTypeMessageAndRootCause() {
        Exception error = new IllegalStateException("scorecard failed",
                new UncheckedIOException(new IOException("fetch failed", new SocketTimeoutException("read timed out"))));

        JobError described = JobError.of(error);

        assertThat(described.type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(described.message()).isEqualTo("scorecard failed");
        assertThat(described.rootCause()).contains("java.net.SocketTimeoutException: read timed out");
    }

    @Test
    void anExceptionWithoutMessageOrCauseHasAnEmptyMessageAndNoRootCause() {
        JobError described = JobError.of(new NullPointerException());

        assertThat(described.message()).isEmpty();
        assertThat(described.rootCause()).isEmpty();
        assertThat(described).hasToString("java.lang.NullPointerException");
    }

    @Test
    void aRootCauseWithoutMessageIsItsType() {
        assertThat(JobError.of(new RuntimeException("outer", new IllegalStateException())).rootCause())
                .contains("java.lang.IllegalStateException");
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(JobError.of(first).rootCause()).contains("java.lang.RuntimeException: second");
        assertThat(JobError.of(second).rootCause()).contains("java.lang.RuntimeException: first");
    }

    @Test
    void truncationKeepsTheStartAndTheRootCause() {
        String longMessage = "start of the story " + "x".repeat(10_000);
        JobError described = JobError.of(new RuntimeException(longMessage, new IOException("the real reason")));

        assertThat(described.message()).hasSize(JobError.MAX_MESSAGE_LENGTH)
                .startsWith("start of the story xxx")
                .endsWith(JobError.TRUNCATION_MARK);
        assertThat(described.rootCause()).contains("java.io.IOException: the real reason");
    }

    @Test
    void everyTextHasItsOwnBound() {
        JobError bounded = JobError.of("T".repeat(1_000), "m".repeat(5_000), "r".repeat(5_000));

        assertThat(bounded.type()).hasSize(JobError.MAX_TYPE_LENGTH).endsWith("...");
        assertThat(bounded.message()).hasSize(JobError.MAX_MESSAGE_LENGTH);
        assertThat(bounded.rootCause().orElseThrow()).hasSize(JobError.MAX_ROOT_CAUSE_LENGTH).startsWith("rrr");
    }

    @Test
    void textAtTheLimitIsKeptWhole() {
        String exactly = "m".repeat(JobError.MAX_MESSAGE_LENGTH);

        assertThat(JobError.of("T", exactly, null).message()).isEqualTo(exactly);
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        int cut = JobError.MAX_MESSAGE_LENGTH - JobError.TRUNCATION_MARK.length();
        String message = "a".repeat(cut - 1) + "😀" + "b".repeat(100);

        String kept = JobError.of("T", message, null).message();

        assertThat(kept).isEqualTo("a".repeat(cut - 1) + JobError.TRUNCATION_MARK);
        assertNoLoneSurrogate(kept);
    }

    @Test
    void aSurrogatePairEndingJustBeforeTheCutIsKept() {
        int cut = JobError.MAX_MESSAGE_LENGTH - JobError.TRUNCATION_MARK.length();
        String message = "a".repeat(cut - 2) + "😀" + "b".repeat(100);

        assertThat(JobError.of("T", message, null).message()).isEqualTo("a".repeat(cut - 2) + "😀" + JobError.TRUNCATION_MARK);
    }

    @Test
    void nulAndOtherControlCharactersAreReplacedButLineBreaksAndTabsKept() {
        JobError error = JobError.of("T", "a\u0000b\u0007c\u007fd\u009be\tf\ng\r\n", null);

        assertThat(error.message()).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\tf\ng\r\n");
    }

    @Test
    void loneSurrogatesAreReplacedAndPairsKept() {
        JobError error = JobError.of("T\ud800", "x\ud83dy\ude00z😀", "\ude00cause");

        assertThat(error.type()).isEqualTo("T\uFFFD");
        assertThat(error.message()).isEqualTo("x\uFFFDy\uFFFDz😀");
        assertThat(error.rootCause()).contains("\uFFFDcause");
    }

    @Test
    void theShortFormIsTheSimpleTypeAndTheFirstLine() {
        assertThat(JobError.of("java.util.concurrent.TimeoutException", "read timed out\nat line 2", null).shortForm())
                .isEqualTo("TimeoutException: read timed out");
        assertThat(JobError.of("java.lang.NullPointerException", "", null).shortForm()).isEqualTo("NullPointerException");
        assertThat(JobError.of("Timeout", "x".repeat(500), null).shortForm()).hasSize(160).endsWith("...");
    }

    @Test
    void validatesItsArguments() {
        assertThatThrownBy(() -> JobError.of((Throwable) null))
                .isInstanceOf(NullPointerException.class).hasMessage("error must not be null");
        assertThatThrownBy(() -> JobError.of(null, "m", null))
                .isInstanceOf(NullPointerException.class).hasMessage("type must not be null");
        assertThatThrownBy(() -> JobError.of(" ", "m", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("type must not be blank");
        assertThatThrownBy(() -> JobError.of("T", null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("message must not be null");
    }

    @Test
    void equalsComparesEveryText() {
        assertThat(JobError.of("T", "m", "r")).isEqualTo(JobError.of("T", "m", "r"))
                .hasSameHashCodeAs(JobError.of("T", "m", "r"))
                .isNotEqualTo(JobError.of("T", "m", null))
                .isNotEqualTo(JobError.of("T", "n", "r"))
                .hasToString("T: m (root cause: r)");
    }

    private static void assertNoLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))).as("pair at " + i).isTrue();
            } else if (Character.isLowSurrogate(c)) {
                assertThat(i > 0 && Character.isHighSurrogate(text.charAt(i - 1))).as("pair at " + i).isTrue();
            }
        }
    }
}
