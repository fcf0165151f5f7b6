package io.github.stackedrnn.data;

/**
 * Parses a decimal number from ASCII bytes to the float {@link Float#parseFloat} gives, fast for the
 * common case: at most 18 significant digits and a decimal exponent within 22 are computed exactly
 * enough in double (Clinger's fast path: both the integer and the power of ten are exact doubles, so one
 * product or quotient is correctly rounded) and then rounded to float, which is correct unless the
 * double lies exactly halfway between two floats. Anything else (more digits, a larger exponent, that
 * halfway case, {@code NaN}, {@code Infinity}, hexadecimal, bad text) goes to {@code Float.parseFloat}.
 */
final class DecimalParser {
    private static final double[] POWERS = new double[23];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10; // exact up to 10^22
        }
    }

    private DecimalParser() {
    }

    /**
     * @return the float of {@code text[from, to)} (already trimmed)
     * @throws NumberFormatException as {@code Float.parseFloat} throws it
     */
    static float parse(byte[] text, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (text[i] == '-' || text[i] == '+')) {
            negative = text[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;      // significant digits taken into the mantissa
        int scale = 0;       // decimal exponent from the point
        boolean any = false;
        while (i < to && text[i] >= '0' && text[i] <= '9') {
            if (mantissa != 0 || text[i] != '0') {
                digits++;
            }
            mantissa = mantissa * 10 + (text[i] - '0');
            any = true;
            i++;
        }
        if (i < to && text[i] == '.') {
            i++;
            while (i < to && text[i] >= '0' && text[i] <= '9') {
                if (mantissa != 0 || text[i] != '0') {
                    digits++;
                }
                mantissa = mantissa * 10 + (text[i] - '0');
                scale--;
                any = true;
                i++;
            }
        }
        if (digits > 18 || !any) {
            return slow(text, from, to);
        }
        if (i < to && (text[i] == 'e' || text[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (text[i] == '-' || text[i] == '+')) {
                negativeExponent = text[i] == '-';
                i++;
            }
            int exponent = 0;
            int start = i;
            while (i < to && text[i] >= '0' && text[i] <= '9' && exponent < 1000) {
                exponent = exponent * 10 + (text[i] - '0');
                i++;
            }
            if (i == start) {
                return slow(text, from, to);
            }
            scale += negativeExponent ? -exponent : exponent;
        }
        if (i != to || mantissa > (1L << 53) || scale < -22 || scale > 22) {
            return slow(text, from, to);
        }
        double value = scale >= 0 ? mantissa * POWERS[scale] : mantissa / POWERS[-scale];
        // halfway between two floats: the double's rounding may hide which side the decimal lies on
        long bits = Double.doubleToRawLongBits(value);
        if (value != 0 && (bits & 0x1FFFFFFFL) == 0x10000000L) {
            return slow(text, from, to);
        }
        float f = (float) value;
        return negative ? -f : f;
    }

    private static float slow(byte[] text, int from, int to) {
        return Float.parseFloat(new String(text, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
