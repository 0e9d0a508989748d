// Prometheus metrics of the reward server, on a registry of its own (two servers in one process do not collide).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ServeMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'trenchcoat_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: [this.registry] });
  readonly items = new Counter({ name: 'trenchcoat_items_total', help: 'items scored by route', labelNames: ['route'], registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'trenchcoat_request_duration_seconds',
    help: 'request latency by route',
    labelNames: ['route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly scorerLatency = new Histogram({
    name: 'trenchcoat_scorer_duration_seconds',
    help: 'time to score one request by scorer',
    labelNames: ['scorer'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly failures = new Counter({ name: 'trenchcoat_scorer_failures_total', help: 'items whose score failed, by scorer and kind (error, timeout)', labelNames: ['scorer', 'kind'], registers: [this.registry] });
  readonly fallbacks = new Counter({ name: 'trenchcoat_fallback_rewards_total', help: 'items given the fallback value instead of a score', labelNames: ['scorer'], registers: [this.registry] });
  readonly queueDepth = new Gauge({ name: 'trenchcoat_queue_depth', help: 'requests waiting for admission', registers: [this.registry] });
  readonly inFlight = new Gauge({ name: 'trenchcoat_requests_in_flight', help: 'requests being scored', registers: [this.registry] });
  readonly cacheHits = new Counter({ name: 'trenchcoat_cache_hits_total', help: 'items answered from the score cache', labelNames: ['scorer'], registers: [this.registry] });
  readonly rateLimited = new Counter({ name: 'trenchcoat_rate_limited_total', help: 'requests refused by the per-token rate limit', labelNames: ['token'], registers: [this.registry] });
  readonly cancelled = new Counter({ name: 'trenchcoat_cancelled_total', help: 'requests whose client disconnected before the answer (their unstarted work is dropped)', labelNames: ['route'], registers: [this.registry] });
  readonly droppedItems = new Counter({ name: 'trenchcoat_dropped_items_total', help: 'items of cancelled requests never sent to a scorer', labelNames: ['scorer'], registers: [this.registry] });
  readonly rejected = new Counter({ name: 'trenchcoat_rejected_total', help: 'requests refused before scoring, by reason', labelNames: ['reason'], registers: [this.registry] });

  constructor(withProcessMetrics = true) {
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'trenchcoat_' });
  }
}
