"""Running the same work from several threads at one instant, as many web processes would."""
import threading

from marketplace.extensions import db


def all_at_once(app, count, work):
    """Call ``work(number)`` in ``count`` threads released together, each in its own request context.

    :return: the results in thread order. An exception in any thread is raised here, so a failure
        inside a thread fails the test instead of vanishing.
    """
    start = threading.Barrier(count)
    results, failures = [None] * count, []

    def run(number):
        with app.test_request_context():
            try:
                start.wait()
                results[number] = work(number)
            except Exception as error:  # noqa: BLE001 - re-raised in the test's own thread below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results
