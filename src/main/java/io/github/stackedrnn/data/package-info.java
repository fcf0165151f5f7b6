/**
 * Data as users have it: {@link io.github.stackedrnn.data.SequenceDataset}, a source of labelled
 * sequences that {@code fit}, {@code evaluate} and {@code predict} read one pass at a time, so a data set
 * need not fit in memory (Keras's {@code PyDataset}, DL4J's {@code DataSetIterator}).
 *
 * <p>Sources: {@link io.github.stackedrnn.data.SequenceDataset#of(java.util.List)} (in memory),
 * {@link io.github.stackedrnn.data.CsvSequenceDataset} (one CSV file per sequence) and
 * {@link io.github.stackedrnn.data.SequenceFileDataset} (the binary format of {@code docs/SEQUENCES.md},
 * written by {@link io.github.stackedrnn.data.SequenceFileWriter}). Stages:
 * {@link io.github.stackedrnn.data.SequenceDataset#shuffled(int)} (a bounded shuffle buffer) and
 * {@link io.github.stackedrnn.data.SequenceDataset#bucketedByLength(int)} (windows sorted by length, so a
 * batch holds sequences of similar length). {@code fit} batches, pads and masks, reading ahead on a
 * thread of its own. {@link io.github.stackedrnn.data.FeatureStatistics} computes per-feature mean and
 * variance in one streaming pass (Keras's {@code Normalization.adapt}).
 *
 * <p>Policy: a data set is a description (immutable; each {@code open} starts an independent pass).
 * Randomness comes only from the {@link java.util.SplittableRandom} a pass is opened with (the model's
 * seed and epoch index), so the same seed gives the same batches. Bad data in a file is a
 * {@link io.github.stackedrnn.data.DatasetException} that names the file and the line (or record); reads
 * are bounded by the limits of each source, never by what a file declares.
 */
package io.github.stackedrnn.data;
