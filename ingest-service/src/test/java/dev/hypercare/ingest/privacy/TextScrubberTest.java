package dev.hypercare.ingest.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TextScrubberTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mail me at ana.lopez+shop@example.co.uk please      | mail me at [EMAIL] please
            call +33 6 12 34 56 78 tomorrow                     | call [PHONE] tomorrow
            call (415) 555-0132 after 5                         | call [PHONE] after 5
            my card 4111 1111 1111 1111 was charged twice       | my card [CARD] was charged twice
            card 5500-0000-0000-0004 declined                   | card [CARD] declined
            server 192.168.10.254 refused                       | server [IP] refused
            from 2001:db8:85a3::8a2e:370:7334 only              | from [IP] only
            header Authorization: Bearer abc.DEF-123_xyz~tok    | header Authorization: [TOKEN]
            jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sflKxwRJSMeKKF2QT4 leaked | jwt [TOKEN] leaked
            key sk_live_4eC39HqLyjWDarjtT1zdp7dc in logs        | key [SECRET] in logs
            aws AKIAIOSFODNN7EXAMPLE used                       | aws [SECRET] used
            password=hunter22 in the url                        | password=[SECRET] in the url
            token a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8 found    | token [SECRET] found
            charged twice on card 4111 1111 1111 1111.          | charged twice on card [CARD].
            card 4111111111111111. Help                         | card [CARD]. Help
            my ip is 10.1.2.3.                                  | my ip is [IP].
            the link reset?email=ana%40example.com&x=1 failed   | the link reset?email=[EMAIL]&x=1 failed
            write to bob.smith@mail.co.uk.                      | write to [EMAIL].
            key --a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8- leaked  | key [SECRET] leaked
            """)
    void shouldReplacePersonalDataAndSecretsWithTypedPlaceholders(String input, String expected) {
        assertThat(TextScrubber.scrub(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            order 1234567812345678 is late
            release 2.4.0 broke checkout at 10:30
            error 500 on 3 of 12 pages since 2025-03-01
            version 10.2.3.4.5 of the client
            charged 4111111111111111.50 in total
            build 1.10.2.3.4 and 100%40 people
            """)
    void shouldLeaveOrdinaryNumbersAlone(String input) {
        // 1234567812345678 fails the Luhn check: an order number, not a card
        assertThat(TextScrubber.scrub(input)).isEqualTo(input);
    }

    @Test
    void shouldKeepNullAndEmptyAsTheyAre() {
        assertThat(TextScrubber.scrub(null)).isNull();
        assertThat(TextScrubber.scrub("")).isEmpty();
    }

    @Test
    void shouldCheckCardNumbersWithLuhn() {
        assertThat(TextScrubber.luhnValid("4111111111111111")).isTrue();
        assertThat(TextScrubber.luhnValid("4111111111111112")).isFalse();
    }

    @Test
    void shouldScrubTheLongestHostileTextsWithoutOverflowingTheStack() throws Exception {
        // given texts of the maximum length built against the e-mail pattern: thousands of domain labels (a repeated
        // group recursed once per label: StackOverflowError, a 500), and a long local part with no domain after '@'
        List<String> hostile = List.of("a@b" + ".c".repeat(9_998), "a@b" + ".cd".repeat(6_665),
                "a".repeat(19_999) + "@", "a.".repeat(9_999) + "@", "x%40".repeat(5_000), "1.".repeat(10_000),
                // against the generated-key pattern: a word boundary at every character of one long run
                "1-".repeat(10_000), "a-".repeat(10_000));
        for (String text : hostile) {
            // when: on a thread with a small stack, as a Vert.x event loop or worker may have
            String[] out = new String[1];
            Throwable[] failure = new Throwable[1];
            Thread thread = new Thread(null, () -> {
                try {
                    out[0] = TextScrubber.scrub(text);
                } catch (Throwable e) {
                    failure[0] = e;
                }
            }, "small-stack", 512 * 1024);
            thread.start();
            thread.join(30_000);

            // then
            assertThat(failure[0]).as(text.substring(0, 12)).isNull();
            assertThat(out[0]).as(text.substring(0, 12)).isNotNull();
        }
        assertThat(TextScrubber.scrub("a@b" + ".cd".repeat(6_665))).isEqualTo(TextScrubber.EMAIL);
    }

    @Test
    void shouldScrubExactlyAsRunningEveryPatternWouldWhenPatternsAreSkippedByTheirPreChecks() {
        // given texts mixing ordinary words with every shape the patterns look for, and near misses
        List<String> fragments = List.of(
                "the app crashes", "checkout", "Écran noir après la mise à jour", "login", "ok", " ", ", ", ". ", "\n",
                "ana.lopez+shop@example.co.uk", "a@b", "user@host", "@", "mail:", "+33 6 12 34 56 78", "(415) 555-0132",
                "4111 1111 1111 1111", "5500-0000-0000-0004", "1234567812345678", "192.168.10.254", "10.2.3.4.5",
                "2001:db8:85a3::8a2e:370:7334", "::1", "10:30", "2025-03-01", "01/03/2025", "Bearer abc.DEF-123_xyz~tok",
                "bearer", "BEARER  zzzzzzzzzz==", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sflKxwRJSMeKKF2QT4", "eyJ",
                "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "ghp_abcdefghijklmnopqrstuvwxyz", "xoxb-1234567890-abc", "AKIAIOSFODNN7EXAMPLE",
                "AIzaSyA1234567890abcdefghijklmnopqrstu", "hc_0123456789abcdefXYZ", "password=hunter22", "token: abcd1234",
                "api-key = s3cr3t!", "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8", "abcdefghijklmnopqrstuvwxyzabcdefgh",
                "v2.4.0", "500", "3 of 12", "12345678", "0033612345678", "_", "-", "=", ":", ".", "[EMAIL]",
                "github_pat_11ABCDEFG0123456789abcd", "rk_test_abcdefghijk", "pk_live_0123456789", "ghs_abcdefghijklmnopqrstuvwxyz",
                "xoxp-0123456789-xyz", "self-service", "e-mail", "snake_case", "gh", "_live_", "hc_", "xox", "Bebé", "Béarer",
                "bEaReR tokentokentoken", "because", "Bearing", "v1.2.3", "1.2.3.4", "1.2.", "fe80::1", "a:b:c:d:e:f:0:1",
                "1:2:3:4:5:6:7:8", "12.50", "3.1.", "::", ":",
                // session 7's pre-checks: key words before ':' / '=' in any case and spacing, runs of number characters
                "Password:", "PASSWD =", "pwd\t:", "Secret :", "TOKEN=", "apikey:", "api_key =", "access-key:", "AccessKey=",
                "Note:", "monkey:", "keys:", "token", "=", "s3cr3t!x", "06/03", "v2.4.1", "1.2.3 4.5.6", "1.2 .3.4",
                "+44 (0)20 7946 0958", "tel. 06 12", "34 56 78", "4111-1111-", "1111-1111", "0612 345", "678", "(", ")", "/",
                "12 345 678 901 234", "1-2-3-4-5-6-7-8-9-0-1-2-3",
                // session 14: URL-encoded e-mails, numbers ending a sentence
                "ana%40example.com", "%40", "%4", "100%", "4111111111111111.", "10.1.2.3.", "4111111111111111.50");
        Random random = new Random(20261127);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                text.append(fragments.get(random.nextInt(fragments.size())));
                if (random.nextInt(3) > 0) {
                    text.append(' ');
                }
            }

            // when / then
            assertThat(TextScrubber.scrub(text.toString())).as(text.toString())
                    .isEqualTo(TextScrubber.scrubWithEveryPattern(text.toString()));
        }
    }
}
