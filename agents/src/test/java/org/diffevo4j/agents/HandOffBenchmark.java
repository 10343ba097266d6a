package org.diffevo4j.agents;

/**
 * Wall time of one {@link ThreadPartition#run} with 2 threads over 256 copies (two slices of 128) whose
 * work is a fixed loop of about 5 microseconds per slice, against the slice's work alone on the
 * calling thread: the difference is the cost of handing slices to threads and waiting, paid once per
 * evaluation (ten times per paper protocol run). Not a test; run from test-classes:
 *
 * <pre>
 * java -cp agents/target/test-classes:agents/target/classes:... org.diffevo4j.agents.HandOffBenchmark
 * </pre>
 */
public final class HandOffBenchmark {

    private HandOffBenchmark() {
    }

    /** Entry point: 3 rounds of 2000 runs, median and minimum per round. */
    public static void main(String[] args) {
        long[] acc = new long[2];
        ThreadPartition.SliceTask task = (s, c0, c1) -> {
            long x = 0;
            for (int i = 0; i < 20000; i++) {
                x += i * (long) c0;
            }
            acc[s] += x;
        };
        try (ThreadPartition p = new ThreadPartition(2)) {
            for (int round = 0; round < 3; round++) {
                long[] t = new long[2000];
                for (int r = 0; r < t.length; r++) {
                    long t0 = System.nanoTime();
                    p.run(256, 32, task);
                    t[r] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(t);
                long t0 = System.nanoTime();
                for (int r = 0; r < 2000; r++) {
                    task.play(0, 0, 128);
                }
                long solo = (System.nanoTime() - t0) / 2000;
                System.out.printf("ThreadPartition.run, 2 threads: median %d ns, min %d ns; one slice's work alone"
                        + " %d ns%n", t[1000], t[0], solo);
            }
        }
        if (acc[0] == 42) {
            System.out.println();
        }
    }
}
