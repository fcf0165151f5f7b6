package io.github.stackedrnn.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sum of the partitions' contributions to one averaging round, combined by Spark's
 * {@code treeAggregate} in whatever order its tasks finish, yet always to the same bits.
 *
 * <p>Floating-point addition is not associative, so a sum folded in arrival order would differ from
 * run to run. Here partition {@code i}'s contribution is the block {@code [i, i + 1)}; a block
 * {@code [k·2^j, (k+1)·2^j)} is only ever formed as its left half plus its right half, once both are
 * there, so every block's value is one fixed pairwise tree whatever the order of the merges. What is
 * left at the end (the blocks that cover the partitions, at most one per bit of the partition count,
 * plus gaps where partitions had nothing) is added in partition order by {@link #total()}.
 */
final class RoundSum implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A block of consecutive partitions: its size is a power of two and its start a multiple of it. */
    record Block(int start, int size, Contribution sum) implements Serializable {
    }

    private final TreeMap<Integer, Block> blocks = new TreeMap<>();

    /** @return the empty sum, the identity of {@link #merge} */
    static RoundSum empty() {
        return new RoundSum();
    }

    /** @return the sum of one partition's contribution */
    static RoundSum of(int partition, Contribution c) {
        RoundSum s = new RoundSum();
        s.blocks.put(partition, new Block(partition, 1, c));
        return s;
    }

    /** @return the sum of both; may reuse either, which must not be used afterwards */
    static RoundSum merge(RoundSum a, RoundSum b) {
        RoundSum out = a.blocks.size() >= b.blocks.size() ? a : b;
        RoundSum other = out == a ? b : a;
        for (Block block : other.blocks.values()) {
            out.add(block);
        }
        return out;
    }

    private void add(Block block) {
        if (blocks.containsKey(block.start) && blocks.get(block.start).size == block.size) {
            throw new IllegalStateException("Partition block [" + block.start + ", " + (block.start + block.size) + ") counted twice");
        }
        Block b = block;
        while (true) {
            boolean left = (b.start / b.size) % 2 == 0;
            int siblingStart = left ? b.start + b.size : b.start - b.size;
            Block sibling = blocks.get(siblingStart);
            if (sibling == null || sibling.size != b.size) {
                blocks.put(b.start, b);
                return;
            }
            blocks.remove(siblingStart);
            Block l = left ? b : sibling;
            Block r = left ? sibling : b;
            b = new Block(l.start, 2 * b.size, Contribution.sum(l.sum, r.sum));
        }
    }

    /** @return the whole sum, the remaining blocks added in partition order, or null if no partition contributed */
    Contribution total() {
        Contribution total = null;
        for (Map.Entry<Integer, Block> e : blocks.entrySet()) {
            total = total == null ? e.getValue().sum : Contribution.sum(total, e.getValue().sum);
        }
        return total;
    }
}
