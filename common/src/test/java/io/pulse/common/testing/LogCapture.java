package io.pulse.common.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * Every log line the service under test writes while open: logger, trace id, message (with its parameters applied)
 * and exception, so a test can check what an operator would read.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final ExtFormatter formatter = new PatternFormatter("%c [trace=%X{traceId}] %s%e");
    private final Logger root = Logger.getLogger("");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String line = formatter.format(record);
            synchronized (lines) {
                lines.add(line);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture() {}

    /** Starts capturing on the root logger. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.root.addHandler(capture.handler);
        return capture;
    }

    /** The lines captured so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        root.removeHandler(handler);
    }
}
