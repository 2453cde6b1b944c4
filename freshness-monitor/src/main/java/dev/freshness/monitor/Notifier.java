package dev.freshness.monitor;

/**
 * Where a channel's alerts go; implement it for anything the library does not ship (a pager, e-mail, a queue).
 * The shipped ones are {@link LogNotifier}, {@link WebhookNotifier} and {@link SlackNotifier}.
 *
 * <p>A delivery that throws is retried later with backoff, with the same {@link Delivery#id()}; one that returns
 * is done and never repeated by this process. The monitor calls a notifier from one thread at a time.
 */
@FunctionalInterface
public interface Notifier {

    /**
     * Delivers {@code delivery}, returning once it is accepted.
     *
     * @throws Exception when it was not delivered; it will be retried
     */
    void deliver(Delivery delivery) throws Exception;

    /**
     * How the monitor names this notifier in its log: never a secret or a full URL. Default: the class's name.
     */
    default String describe() {
        return getClass().getSimpleName();
    }
}
