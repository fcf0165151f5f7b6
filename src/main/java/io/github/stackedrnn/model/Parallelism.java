package io.github.stackedrnn.model;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the chunks of a batch run: on up to {@code threads} threads, the calling thread and helpers
 * from an {@link Executor}, either the user's or this model's own pool of daemon threads, created on
 * first use, whose threads end after a second without work (nothing spins idle). Which thread runs
 * which chunk does not matter: every chunk writes only its own buffers, and the caller reduces them in
 * chunk order. Each {@link Engine} runs its chunks through its own {@link Job}, so a call allocates
 * nothing.
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

    /** How many workers a job uses for {@code tasks} chunks, so callers can size per-worker buffers. */
    int workers(int tasks) {
        return Math.max(1, Math.min(threads, tasks));
    }

    /** @return a job runner for one engine; not thread-safe, reusable call after call */
    Job newJob() {
        return new Job();
    }

    /** Runs the chunks of one call; its helper runnables and counters are reused by the next call. */
    final class Job {
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private final Runnable[] helpers;
        private volatile Thread caller;
        private volatile Throwable failure;
        private ChunkTask task;
        private int tasks;

        private Job() {
            helpers = new Runnable[threads];
            for (int w = 1; w < threads; w++) {
                int worker = w;
                helpers[w] = () -> {
                    try {
                        drain(worker);
                    } finally {
                        if (running.decrementAndGet() == 0) {
                            java.util.concurrent.locks.LockSupport.unpark(caller);
                        }
                    }
                };
            }
        }

        void run(int taskCount, ChunkTask chunkTask) {
            int workers = workers(taskCount);
            if (workers == 1) {
                for (int c = 0; c < taskCount; c++) {
                    chunkTask.run(0, c);
                }
                return;
            }
            task = chunkTask;
            tasks = taskCount;
            failure = null;
            caller = Thread.currentThread();
            next.set(0);
            running.set(workers - 1);
            Executor executor = executor();
            for (int w = 1; w < workers; w++) {
                try {
                    executor.execute(helpers[w]);
                } catch (RejectedExecutionException e) {
                    helpers[w].run(); // a saturated user executor: do the helper's share here
                }
            }
            drain(0);
            boolean interrupted = false;
            while (running.get() > 0) {
                // the helpers write into buffers the caller owns: wait for them whatever happens
                java.util.concurrent.locks.LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            task = null;
            Throwable t = failure;
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

        private void drain(int worker) {
            try {
                for (int c = next.getAndIncrement(); c < tasks && failure == null; c = next.getAndIncrement()) {
                    task.run(worker, c);
                }
            } catch (Throwable t) {
                failure = t;
            }
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
