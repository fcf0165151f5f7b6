package io.github.stackedrnn.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fast decimal parser gives exactly the float Float.parseFloat gives, on every kind of text it meets. */
class DecimalParserTest {
    private static void same(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        float expected = Float.parseFloat(text);
        float actual = DecimalParser.parse(b, 0, b.length);
        assertThat(Float.floatToRawIntBits(actual)).as(text).isEqualTo(Float.floatToRawIntBits(expected));
    }

    @Test
    void matchesFloatParseFloat_bitForBit() {
        String[] cases = {"0", "-0", "+3", "5.", ".5", "1e10", "1E-5", "-2.5e+3", "123456789012345678", "1234567890123456789",
            "0.000000000000000000000001", "3.4028235e38", "1e-45", "1.4e-45", "16777217", "0.1", "0.30000001192092896",
            "8388609.5", "1.00000005960464477539062", "NaN", "-Infinity", "1.5f", "0x1p3"};
        for (String c : cases) {
            same(c);
        }
        SplittableRandom random = new SplittableRandom(1);
        int checked = 0;
        for (int i = 0; i < 50_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                same(Float.toString(f));
                checked++;
            }
            same(String.format(Locale.ROOT, "%." + random.nextInt(12) + "f", random.nextDouble() * 2000 - 1000));
            same(String.format(Locale.ROOT, "%." + random.nextInt(17) + "e", random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30)));
            // float midpoints written out exactly: the halfway case goes to the slow path
            float g = Float.intBitsToFloat(random.nextInt(0x7F000000));
            same(new java.math.BigDecimal((double) g + Math.ulp(g) / 2).toPlainString().substring(0, Math.min(30,
                    new java.math.BigDecimal((double) g + Math.ulp(g) / 2).toPlainString().length())));
        }
        assertThat(checked).isGreaterThan(37_000);
    }

    @Test
    void badText_throwsAsParseFloatDoes() {
        for (String bad : new String[] {"", "-", ".", "abc", "1e", "1.2.3", "--1", "1,5"}) {
            byte[] b = bad.getBytes(StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> DecimalParser.parse(b, 0, b.length)).as(bad).isInstanceOf(NumberFormatException.class);
        }
    }
}
