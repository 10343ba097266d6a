package org.diffevo4j.trainer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves large {@code double[]} values out of a JSON document into a binary section of
 * little-endian float64s, so that a checkpoint of a 17,000-parameter population or a CMA-ES
 * covariance is written at memory speed instead of as hundreds of megabytes of decimal text.
 *
 * <p>While writing, an array of at least {@link #THRESHOLD} elements becomes
 * {@code {"$f64": [offset, length]}} (offset and length in doubles into the binary section) and the
 * array itself is queued, not copied; smaller arrays stay inline. While reading, the same reference is
 * resolved against the binary section. The values round-trip bit for bit, NaN payloads included.
 * The sink and the source travel as Jackson attributes, so one mapper serves every thread.
 */
final class SpilledArrays {

    /** Arrays shorter than this stay in the JSON, where a person can read them. */
    static final int THRESHOLD = 64;

    private static final String KEY = "$f64";
    private static final Object SINK = new Object();
    private static final Object SOURCE = new Object();

    private SpilledArrays() {
    }

    /** Jackson module with the spilling (de)serialisers for {@code double[]}. */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("diffevo4j-spilled-arrays");
        m.addSerializer(double[].class, new Writer());
        m.addDeserializer(double[].class, new Reader());
        return m;
    }

    static Object sinkKey() {
        return SINK;
    }

    static Object sourceKey() {
        return SOURCE;
    }

    /** The arrays queued while writing one document, in the order of their offsets. */
    static final class Sink {
        private final List<double[]> arrays = new ArrayList<>();
        private long doubles;

        long add(double[] a) {
            long offset = doubles;
            arrays.add(a);
            doubles += a.length;
            return offset;
        }

        List<double[]> arrays() {
            return arrays;
        }

        long bytes() {
            return doubles * Double.BYTES;
        }
    }

    /** The binary section of a document being read: a region of a file, read array by array. */
    static final class Source {
        private final FileChannel channel;
        private final long base;
        private final long doubles;

        Source(FileChannel channel, long base, long bytes) {
            this.channel = channel;
            this.base = base;
            this.doubles = bytes / Double.BYTES;
        }

        double[] get(long offset, long length) throws IOException {
            if (offset < 0 || length < 0 || length > Integer.MAX_VALUE - 8 || offset + length > doubles) {
                throw new IllegalArgumentException("array reference [" + offset + ", " + length
                        + "] lies outside the binary section of " + doubles + " doubles");
            }
            double[] out = new double[(int) length];
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            long pos = base + offset * Double.BYTES;
            int done = 0;
            while (done < out.length) {
                int n = Math.min(CHUNK / Double.BYTES, out.length - done);
                buf.clear().limit(n * Double.BYTES);
                while (buf.hasRemaining()) {
                    if (channel.read(buf, pos + buf.position()) < 0) {
                        throw new IllegalArgumentException("binary section ends early");
                    }
                }
                buf.flip();
                buf.asDoubleBuffer().get(out, done, n);
                pos += (long) n * Double.BYTES;
                done += n;
            }
            return out;
        }
    }

    /** Bytes moved per read or write call: large enough to stream, small enough to stay in cache. */
    static final int CHUNK = 1 << 20;

    private static final class Writer extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            Object sink = provider.getAttribute(SINK);
            if (sink instanceof Sink s && value.length >= THRESHOLD) {
                long offset = s.add(value);
                gen.writeStartObject();
                gen.writeArrayFieldStart(KEY);
                gen.writeNumber(offset);
                gen.writeNumber(value.length);
                gen.writeEndArray();
                gen.writeEndObject();
                return;
            }
            gen.writeStartArray(value, value.length);
            for (double v : value) {
                gen.writeNumber(v);
            }
            gen.writeEndArray();
        }
    }

    private static final class Reader extends JsonDeserializer<double[]> {
        @Override
        public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT) {
                return reference(p, ctxt);
            }
            if (t != JsonToken.START_ARRAY) {
                return (double[]) ctxt.handleUnexpectedToken(double[].class, p);
            }
            double[] buf = new double[16];
            int n = 0;
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                double v;
                if (e == JsonToken.VALUE_NUMBER_INT || e == JsonToken.VALUE_NUMBER_FLOAT) {
                    v = p.getDoubleValue();
                } else if (e == JsonToken.VALUE_STRING) {
                    v = parseSpecial(p.getText(), p, ctxt);
                } else {
                    return (double[]) ctxt.handleUnexpectedToken(double[].class, p);
                }
                if (n == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, n * 2);
                }
                buf[n++] = v;
            }
            return java.util.Arrays.copyOf(buf, n);
        }

        private static double parseSpecial(String s, JsonParser p, DeserializationContext ctxt) throws IOException {
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        ctxt.reportInputMismatch(double[].class, "not a number: '%s'", s);
                        return Double.NaN;
                    }
            }
        }

        private static double[] reference(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.nextToken() != JsonToken.FIELD_NAME || !KEY.equals(p.currentName())
                    || p.nextToken() != JsonToken.START_ARRAY) {
                ctxt.reportInputMismatch(double[].class, "expected an array or {\"%s\": [offset, length]}", KEY);
            }
            p.nextToken();
            long offset = p.getLongValue();
            p.nextToken();
            long length = p.getLongValue();
            if (p.nextToken() != JsonToken.END_ARRAY || p.nextToken() != JsonToken.END_OBJECT) {
                ctxt.reportInputMismatch(double[].class, "malformed array reference");
            }
            Object source = ctxt.getAttribute(SOURCE);
            if (!(source instanceof Source s)) {
                ctxt.reportInputMismatch(double[].class, "an array reference outside a binary checkpoint");
                return null;
            }
            return s.get(offset, length);
        }
    }
}
