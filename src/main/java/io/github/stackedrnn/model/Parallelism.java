package io.github.stackedrnn.model;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the chunks of a batch on up to {@code threads} threads: the calling thread and helpers from an
 * {@link Executor}, either the user's or this model's own pool of daemon threads, created on first
 * use, whose threads end after a second without work (nothing spins idle). Which thread runs which
 * chunk does not matter: every chunk writes only its own buffers, and the caller reduces them in
 * chunk order.
 */
final class Parallelism {
    /** Work on chunk {@code chunk}, by the worker numbered {@code worker} (0 is the calling thread). */
    interface ChunkTask {
        void run(int worker, int chunk);
    }

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    final int threads;
    private final Executor userExecutor;
    private volatile ThreadPoolExecutor ownPool;

    Parallelism(int threads, Executor userExecutor) {
        this.threads = threads;
        this.userExecutor = userExecutor;
    }

    /** How many workers {@link #run} uses for {@code tasks} chunks, so callers can size per-worker buffers. */
    int workers(int tasks) {
        return Math.max(1, Math.min(threads, tasks));
    }

    void run(int tasks, ChunkTask task) {
        int workers = workers(tasks);
        if (workers == 1) {
            for (int c = 0; c < tasks; c++) {
                task.run(0, c);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch helpersDone = new CountDownLatch(workers - 1);
        Executor executor = executor();
        for (int w = 1; w < workers; w++) {
            int worker = w;
            Runnable helper = () -> {
                try {
                    drain(worker, tasks, task, next, failure);
                } finally {
                    helpersDone.countDown();
                }
            };
            try {
                executor.execute(helper);
            } catch (RejectedExecutionException e) {
                helper.run(); // a saturated user executor: do the helper's share here
            }
        }
        drain(0, tasks, task, next, failure);
        boolean interrupted = false;
        while (true) {
            try {
                helpersDone.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the helpers write into buffers we own: wait for them regardless
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static void drain(int worker, int tasks, ChunkTask task, AtomicInteger next, AtomicReference<Throwable> failure) {
        try {
            for (int c = next.getAndIncrement(); c < tasks && failure.get() == null; c = next.getAndIncrement()) {
                task.run(worker, c);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private Executor executor() {
        if (userExecutor != null) {
            return userExecutor;
        }
        ThreadPoolExecutor pool = ownPool;
        if (pool == null) {
            synchronized (this) {
                pool = ownPool;
                if (pool == null) {
                    int number = POOL_NUMBER.incrementAndGet();
                    AtomicInteger threadNumber = new AtomicInteger();
                    pool = new ThreadPoolExecutor(threads - 1, threads - 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "stacked-rnn-" + number + "-worker-" + threadNumber.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    pool.allowCoreThreadTimeOut(true);
                    ownPool = pool;
                }
            }
        }
        return pool;
    }
}
