package io.pulse.sync.job.service;

/**
 * Thrown inside a worker transaction when the job is no longer running (the reaper failed it after a stale
 * heartbeat): the transaction rolls back and the run stops without touching the job again.
 */
final class JobAbandoned extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JobAbandoned() {
        super("job is no longer running", null, false, false);
    }
}
