import { createHash } from 'node:crypto';
import type { CallRecord } from './calls';
import type { Bridge } from './switchboard';
import { rfc2822 } from './webhooks';

/** A caller waiting in a queue, and how to take them out of it. */
export interface QueueMember {
  call: CallRecord;
  enqueuedAt: number;
  /** Hands the member to the call dequeuing them (`<Dial><Queue>`). */
  dequeue(bridge: Bridge): void;
}

interface Queue {
  sid: string;
  name: string;
  createdAt: number;
  members: QueueMember[];
  /** `<Dial><Queue>`s waiting for somebody to join. */
  dialers: Array<(member: QueueMember) => void>;
}

const MAX_SIZE = 100;

/**
 * Named call queues. `<Enqueue>` makes one on demand, as Twilio does; its
 * sid is derived from its name, so it stays the same for the queue's life.
 */
export class Queues {
  readonly #queues = new Map<string, Queue>();

  constructor(private readonly now: () => number) {}

  /** Puts a call at the back of a queue, or hands it straight to a dialer. */
  join(name: string, member: QueueMember): Queue {
    const queue = this.#queue(name);
    const dialer = queue.dialers.shift();
    if (dialer) dialer(member);
    else queue.members.push(member);
    return queue;
  }

  leave(call: CallRecord) {
    for (const queue of this.#queues.values()) {
      queue.members = queue.members.filter(m => m.call !== call);
    }
  }

  /** Takes the first member, or waits for one; returns how to stop waiting. */
  take(name: string, found: (member: QueueMember) => void): () => void {
    const queue = this.#queue(name);
    const member = queue.members.shift();
    if (member) {
      found(member);
      return () => {};
    }
    queue.dialers.push(found);
    return () => {
      queue.dialers = queue.dialers.filter(d => d !== found);
    };
  }

  /** Where the member stands: QueuePosition and the queue's figures. */
  position(call: CallRecord) {
    for (const queue of this.#queues.values()) {
      const index = queue.members.findIndex(m => m.call === call);
      if (index >= 0) {
        return {
          QueueSid: queue.sid,
          QueuePosition: String(index + 1),
          QueueTime: String(this.#waited(queue.members[index])),
          AvgQueueTime: String(this.#averageWait(queue)),
          CurrentQueueSize: String(queue.members.length),
          MaxQueueSize: String(MAX_SIZE),
        };
      }
    }
    return undefined;
  }

  sidOf(name: string): string {
    return this.#queue(name).sid;
  }

  list(): Queue[] {
    return [...this.#queues.values()];
  }

  bySid(sid: string): Queue | undefined {
    return this.list().find(q => q.sid === sid);
  }

  resource(accountSid: string, queue: Queue) {
    return {
      sid: queue.sid,
      account_sid: accountSid,
      friendly_name: queue.name,
      current_size: queue.members.length,
      max_size: MAX_SIZE,
      average_wait_time: this.#averageWait(queue),
      date_created: rfc2822(queue.createdAt),
      date_updated: rfc2822(queue.createdAt),
      uri: `/2010-04-01/Accounts/${accountSid}/Queues/${queue.sid}.json`,
    };
  }

  memberResources(accountSid: string, queue: Queue) {
    return queue.members.map((member, index) => ({
      call_sid: member.call.sid,
      date_enqueued: rfc2822(member.enqueuedAt),
      position: index + 1,
      wait_time: this.#waited(member),
      queue_sid: queue.sid,
      uri: `/2010-04-01/Accounts/${accountSid}/Queues/${queue.sid}/Members/${member.call.sid}.json`,
    }));
  }

  #queue(name: string): Queue {
    let queue = this.#queues.get(name);
    if (!queue) {
      const hash = createHash('md5').update(name).digest('hex');
      queue = {
        sid: `QU${hash}`,
        name,
        createdAt: this.now(),
        members: [],
        dialers: [],
      };
      this.#queues.set(name, queue);
    }
    return queue;
  }

  #waited(member: QueueMember): number {
    return Math.round((this.now() - member.enqueuedAt) / 1000);
  }

  #averageWait(queue: Queue): number {
    if (queue.members.length === 0) return 0;
    const total = queue.members.reduce((sum, m) => sum + this.#waited(m), 0);
    return Math.round(total / queue.members.length);
  }
}
