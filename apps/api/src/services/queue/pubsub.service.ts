import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { createRedis, REDIS } from '../redis/redis.module';

type Listener = (message: unknown) => void;

/**
 * Redis pub/sub between panel processes (task events to WebSocket clients,
 * cancel requests to workers). Channels are namespaced by the queue prefix.
 * One subscriber connection per process, opened on first subscribe.
 */
@Injectable()
export class PubSub implements OnApplicationShutdown {
  private readonly logger = new Logger('PubSub');
  private subscriber: Redis | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  private channel(name: string): string {
    return `${this.config.queuePrefix}:${name}`;
  }

  async publish(name: string, message: unknown): Promise<void> {
    await this.redis.publish(this.channel(name), JSON.stringify(message));
  }

  /** Returns a function that removes the listener. */
  async subscribe(name: string, listener: Listener): Promise<() => void> {
    const channel = this.channel(name);
    const sub = this.connection();
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await sub.subscribe(channel);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // Waits for Redis while it is away; ioredis subscribes again on reconnect.
    const sub = createRedis(this.config, 'pubsub', 'wait');
    sub.on('message', (channel: string, raw: string) => {
      const set = this.listeners.get(channel);
      if (!set?.size) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        return;
      }
      for (const l of set) {
        try {
          l(message);
        } catch (err) {
          this.logger.error(`listener on ${channel} failed: ${(err as Error).message}`);
        }
      }
    });
    sub.on('error', (err: Error) => this.logger.warn(`subscriber: ${err.message}`));
    this.subscriber = sub;
    return sub;
  }

  async onApplicationShutdown(): Promise<void> {
    const sub = this.subscriber;
    this.subscriber = null;
    this.listeners.clear();
    if (sub?.status === 'ready') await sub.quit().catch(() => sub.disconnect());
    else sub?.disconnect();
  }
}
