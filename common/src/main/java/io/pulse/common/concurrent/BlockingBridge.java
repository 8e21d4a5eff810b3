package io.pulse.common.concurrent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one kind of class allowed to wait for reactive work ({@code Uni.await()}): a bridge used only from a
 * dedicated worker thread that drives long sequential work (a sync job). Everything else composes {@code Uni}s and
 * never blocks; the architecture rules enforce it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface BlockingBridge {
    /** Why blocking is right in this class. */
    String value();
}
