package io.github.stackedrnn.spark;

import java.io.Serializable;

/** Called by each task of an averaging round before it trains; the tests use it to make a task fail once. */
interface RoundHook extends Serializable {
    void beforeRound(int epoch, int round, int partition, int attempt);
}
