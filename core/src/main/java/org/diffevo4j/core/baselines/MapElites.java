package org.diffevo4j.core.baselines;

import static org.diffevo4j.core.baselines.BaselineSupport.requirePositive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.diffevo4j.core.AbstractStrategy;

/**
 * MAP-Elites: J.-B. Mouret and J. Clune, "Illuminating search spaces by mapping elites" (2015). A
 * grid archive keeps, for every cell of a behaviour-descriptor space, the best genome seen whose
 * descriptor falls in it. The first generation is {@code initialPopulation} random genomes
 * N(0, sigmaInit^2 I); every later one is {@code batchSize} children, each a uniformly chosen elite
 * plus N(0, mutationSigma^2 I) noise.
 *
 * <p>Cells: descriptor b (by default the genome itself) is clamped to
 * [{@code descriptorLow}, {@code descriptorHigh}] per coordinate (unbounded by default) and binned as
 * {@code rint(b / cellSize)} (round half to even, like NumPy), so with cell size 1 the cells are the
 * integer lattice points, as in the Diffusion Evolution paper's 2-D runs. The grid is sparse: only
 * filled cells use memory.
 *
 * <p>A custom {@link Descriptor} must be deterministic; it is not part of the saved state, so pass
 * the same one when resuming.
 */
public final class MapElites extends AbstractStrategy {

    /** Registry name. */
    public static final String NAME = "map-elites";

    /** Maps a genome to its behaviour descriptor (any fixed length). Must be deterministic. */
    @FunctionalInterface
    public interface Descriptor {
        /** The descriptor of {@code genome}. */
        double[] describe(double[] genome);
    }

    /** The default descriptor: the genome itself. */
    public static final Descriptor GENOME = double[]::clone;

    /**
     * @param initialPopulation genomes in the first, random generation
     * @param batchSize         children per later generation
     * @param sigmaInit         standard deviation of the initial genomes (mean 0)
     * @param mutationSigma     standard deviation of the Gaussian mutation
     * @param cellSize          grid spacing in descriptor space
     * @param descriptorLow     lower clamp of every descriptor coordinate (-Infinity = none)
     * @param descriptorHigh    upper clamp (+Infinity = none)
     * @param generations       generation budget, the initial one included
     */
    public record Config(int initialPopulation, int batchSize, double sigmaInit, double mutationSigma, double cellSize,
                         double descriptorLow, double descriptorHigh, int generations) {

        /** Validates the components. */
        public Config {
            if (initialPopulation < 1) {
                throw new IllegalArgumentException("initialPopulation must be >= 1, got " + initialPopulation);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            requirePositive("sigmaInit", sigmaInit);
            requirePositive("mutationSigma", mutationSigma);
            requirePositive("cellSize", cellSize);
            if (Double.isNaN(descriptorLow) || Double.isNaN(descriptorHigh) || !(descriptorLow < descriptorHigh)) {
                throw new IllegalArgumentException("descriptorLow must be < descriptorHigh, got " + descriptorLow
                        + ", " + descriptorHigh);
            }
            if (generations < 1) {
                throw new IllegalArgumentException("generations must be >= 1, got " + generations);
            }
        }

        /** 64 initial N(0, 1) genomes, batches of 64 children with sigma 0.1, unit cells, 100 generations. */
        public static Config defaults() {
            return new Config(64, 64, 1.0, 0.1, 1.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 100);
        }

        /**
         * The Diffusion Evolution paper's 2-D setting (docs/algorithm.md section 7): 256 initial
         * N(0, 4^2) points, then 25 * 256 - 256 = 6144 single offspring (batches of one, each inserted
         * before the next parent is drawn) of a uniformly chosen elite plus N(0, 0.5^2) noise; cells
         * round(x).
         */
        public static Config paper2d() {
            return new Config(256, 1, 4.0, 0.5, 1.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1 + 6144);
        }
    }

    /**
     * One archive entry.
     *
     * @param genome     the elite
     * @param fitness    its raw score
     * @param descriptor its behaviour descriptor (before clamping)
     * @param cell       its grid cell
     */
    public record Elite(double[] genome, double fitness, double[] descriptor, long[] cell) {

        /** Copies the arrays. */
        public Elite {
            genome = genome.clone();
            descriptor = descriptor.clone();
            cell = cell.clone();
        }

        /** A copy of the genome. */
        @Override
        public double[] genome() {
            return genome.clone();
        }

        /** A copy of the descriptor. */
        @Override
        public double[] descriptor() {
            return descriptor.clone();
        }

        /** A copy of the cell. */
        @Override
        public long[] cell() {
            return cell.clone();
        }
    }

    private record CellKey(long[] cell) {
        @Override
        public boolean equals(Object o) {
            return o instanceof CellKey k && Arrays.equals(cell, k.cell);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(cell);
        }
    }

    private final Config config;
    private final Descriptor descriptor;
    // insertion order decides which index a uniform parent draw maps to, so it is part of the state
    private final List<Elite> elites = new ArrayList<>();
    private final Map<CellKey, Integer> index = new HashMap<>();

    /** A new run whose descriptor is the genome itself. */
    public MapElites(Config config, int dimension, long seed) {
        this(config, dimension, seed, GENOME);
    }

    /** A new run with its own behaviour descriptor. */
    public MapElites(Config config, int dimension, long seed, Descriptor descriptor) {
        super(NAME, dimension, config.generations(), config, seed);
        if (descriptor == null) {
            throw new IllegalArgumentException(NAME + ": descriptor must not be null");
        }
        this.config = config;
        this.descriptor = descriptor;
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** The archive, in the order cells were first filled. */
    public List<Elite> archive() {
        return List.copyOf(elites);
    }

    /** Number of filled cells. */
    public int filledCells() {
        return elites.size();
    }

    /** The elite of the cell containing {@code descriptorValue}, or null if that cell is empty. */
    public Elite eliteAt(double[] descriptorValue) {
        Integer i = index.get(new CellKey(cellOf(descriptorValue)));
        return i == null ? null : elites.get(i);
    }

    /** The grid cell of a descriptor: clamp, then rint(b / cellSize). */
    public long[] cellOf(double[] b) {
        long[] cell = new long[b.length];
        for (int j = 0; j < b.length; j++) {
            if (Double.isNaN(b[j])) {
                throw new IllegalArgumentException(NAME + ": descriptor coordinate " + j + " is NaN");
            }
            double v = Math.max(config.descriptorLow(), Math.min(config.descriptorHigh(), b[j]));
            cell[j] = (long) Math.rint(v / config.cellSize());
        }
        return cell;
    }

    @Override
    protected double[][] sample() {
        int d = dimension();
        if (generation() == 0 || elites.isEmpty()) {
            double[][] x = new double[config.initialPopulation()][d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    row[j] = config.sigmaInit() * rng().nextGaussian();
                }
            }
            return x;
        }
        double[][] x = new double[config.batchSize()][];
        for (int i = 0; i < x.length; i++) {
            double[] parent = elites.get(rng().nextInt(elites.size())).genome;
            double[] child = new double[d];
            for (int j = 0; j < d; j++) {
                child[j] = parent[j] + config.mutationSigma() * rng().nextGaussian();
            }
            x[i] = child;
        }
        return x;
    }

    @Override
    protected void update(double[][] x, double[] scores) {
        // describe the whole batch first so that a bad descriptor leaves the archive untouched
        double[][] b = new double[x.length][];
        long[][] cells = new long[x.length][];
        for (int i = 0; i < x.length; i++) {
            b[i] = descriptor.describe(x[i]);
            if (b[i] == null || b[i].length == 0) {
                throw new IllegalArgumentException(NAME + ": descriptor of individual " + i + " is empty");
            }
            if (i > 0 && b[i].length != b[0].length) {
                throw new IllegalArgumentException(NAME + ": descriptor of individual " + i + " has length "
                        + b[i].length + ", expected " + b[0].length);
            }
            cells[i] = cellOf(b[i]);
        }
        for (int i = 0; i < x.length; i++) {
            CellKey key = new CellKey(cells[i]);
            Integer at = index.get(key);
            if (at == null) {
                index.put(key, elites.size());
                elites.add(new Elite(x[i], scores[i], b[i], cells[i]));
            } else if (scores[i] > elites.get(at).fitness()) {
                elites.set(at, new Elite(x[i], scores[i], b[i], cells[i]));
            }
        }
    }

    @Override
    protected void writeState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        int k = elites.size();
        int dd = k == 0 ? 0 : elites.get(0).descriptor.length;
        double[][] g = new double[k][];
        double[][] b = new double[k][];
        double[][] c = new double[k][dd];
        double[] f = new double[k];
        for (int i = 0; i < k; i++) {
            Elite e = elites.get(i);
            g[i] = e.genome;
            b[i] = e.descriptor;
            for (int j = 0; j < dd; j++) {
                c[i][j] = e.cell[j];
            }
            f[i] = e.fitness;
        }
        arrays.put("archive.genomes", flatten(g));
        arrays.put("archive.fitness", f);
        arrays.put("archive.descriptors", flatten(b));
        arrays.put("archive.cells", flatten(c));
        scalars.put("archive.size", (double) k);
        scalars.put("archive.descriptorDim", (double) dd);
    }

    @Override
    protected void readState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        int k = scalar(scalars, "archive.size").intValue();
        int dd = scalar(scalars, "archive.descriptorDim").intValue();
        double[][] g = unflatten(array(arrays, "archive.genomes", -1), k, dimension());
        double[][] b = unflatten(array(arrays, "archive.descriptors", -1), k, dd);
        double[][] c = unflatten(array(arrays, "archive.cells", -1), k, dd);
        double[] f = array(arrays, "archive.fitness", k);
        List<Elite> restored = new ArrayList<>();
        Map<CellKey, Integer> restoredIndex = new HashMap<>();
        for (int i = 0; i < k; i++) {
            long[] cell = new long[dd];
            for (int j = 0; j < dd; j++) {
                cell[j] = (long) c[i][j];
            }
            if (restoredIndex.put(new CellKey(cell), i) != null) {
                throw new IllegalArgumentException(NAME + ": state archive has cell " + Arrays.toString(cell) + " twice");
            }
            restored.add(new Elite(g[i], f[i], b[i], cell));
        }
        elites.clear();
        elites.addAll(restored);
        index.clear();
        index.putAll(restoredIndex);
    }
}
