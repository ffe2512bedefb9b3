"""A job that runs one pass every few seconds on a daemon thread until stopped.

The search indexer and the auction closer are both such jobs, inside ``binhai serve`` and in
``binhai worker``. A pass catches the failures it expects (a database or engine not reachable
yet), so one bad pass never ends the loop; the next one simply tries again.
"""
import threading


class PeriodicJob:
    """Calls ``run_once`` every ``interval`` seconds: ``run`` in the calling thread, ``start`` in its own."""

    thread_name = "periodic-job"

    def __init__(self, app, interval):
        self.app = app
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = None

    def start(self):
        self.thread = threading.Thread(target=self.run, name=self.thread_name, daemon=True)
        self.thread.start()

    def stop(self, timeout=10):
        self.stopped.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def run(self):
        while not self.stopped.is_set():
            self.run_once()
            self.stopped.wait(self.interval)

    def run_once(self):
        raise NotImplementedError
