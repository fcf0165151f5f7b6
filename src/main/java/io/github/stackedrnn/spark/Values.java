package io.github.stackedrnn.spark;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** Views of the array values Spark hands to Java code (Scala sequences, Java lists or arrays) as lists. */
final class Values {
    private Values() {
    }

    /** @return {@code value} as a list, without copying */
    static List<?> list(Object value) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            return new SeqList(seq);
        }
        if (value instanceof float[] a) {
            return new FloatList(a);
        }
        if (value instanceof Object[] a) {
            return java.util.Arrays.asList(a);
        }
        throw new IllegalArgumentException("Expected an array value but got " + value.getClass().getName());
    }

    private static final class SeqList extends AbstractList<Object> implements RandomAccess {
        private final scala.collection.Seq<?> seq;
        private final int size;

        SeqList(scala.collection.Seq<?> seq) {
            this.seq = seq;
            this.size = seq.length();
        }

        @Override
        public Object get(int index) {
            return seq.apply(index);
        }

        @Override
        public int size() {
            return size;
        }
    }

    private static final class FloatList extends AbstractList<Object> implements RandomAccess {
        private final float[] a;

        FloatList(float[] a) {
            this.a = a;
        }

        @Override
        public Object get(int index) {
            return a[index];
        }

        @Override
        public int size() {
            return a.length;
        }
    }
}
