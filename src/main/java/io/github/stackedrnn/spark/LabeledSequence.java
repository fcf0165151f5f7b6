package io.github.stackedrnn.spark;

import java.io.Serializable;

/** One training row, read from its columns: the sequence {@code [time][features]} and its class. */
record LabeledSequence(float[][] x, int label) implements Serializable {
}
