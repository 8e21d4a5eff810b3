-- The W3C trace context (traceparent, and tracestate when there is one) of the transaction that wrote an outbox row.
-- The relay sends it as Kafka headers, so the consumers' spans join the trace of the request (or the job) that caused
-- the event. Null when the writer had no sampled-or-not span (tracing disabled, or rows written before this column).
alter table outbox add column traceparent text;
alter table outbox add column tracestate text;
