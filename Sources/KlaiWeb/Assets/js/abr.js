// Throughput-based rendition choice, after hls.js's EwmaBandWidthEstimator and AbrController:
// two exponentially weighted moving averages of measured download rates, a fast one that reacts
// to a network getting worse and a slow one that is sceptical of it getting better; the lower wins.

/** One exponentially weighted moving average with a half-life counted in samples (segments). */
class MovingAverage {
    /** @param {number} halfLife samples after which a sample's weight has halved */
    constructor(halfLife) {
        this.alpha = Math.exp(Math.log(0.5) / halfLife);
        this.value = 0;
        this.totalWeight = 0;
    }

    /** @param {number} weight @param {number} sample */
    add(weight, sample) {
        const adjusted = Math.pow(this.alpha, weight);
        this.value = sample * (1 - adjusted) + adjusted * this.value;
        this.totalWeight += weight;
    }

    /** The average, corrected for having started at zero (as hls.js's Ewma.getEstimate does). */
    get estimate() {
        const zeroFactor = 1 - Math.pow(this.alpha, this.totalWeight);
        return zeroFactor > 0 ? this.value / zeroFactor : 0;
    }
}

/** Estimates the network's throughput in bits per second from segment downloads. */
export class BandwidthEstimator {
    /** @param {{fastHalfLife?: number, slowHalfLife?: number, initial?: number}} [options] */
    constructor({ fastHalfLife = 3, slowHalfLife = 9, initial = 0 } = {}) {
        this.fast = new MovingAverage(fastHalfLife);
        this.slow = new MovingAverage(slowHalfLife);
        this.initial = initial;
        this.samples = 0;
    }

    /**
     * Records one download.
     * @param {number} bytes bytes received
     * @param {number} seconds from request to last byte
     */
    sample(bytes, seconds) {
        // Tiny or instant downloads (cache hits, 304s) say nothing about the network.
        if (!(bytes >= 4096) || !(seconds > 0.005)) return;
        const bitsPerSecond = (8 * bytes) / seconds;
        this.fast.add(1, bitsPerSecond);
        this.slow.add(1, bitsPerSecond);
        this.samples += 1;
    }

    /** Bits per second: the lower of the two averages, or the initial guess before any sample. */
    get estimate() {
        if (this.samples === 0) return this.initial;
        return Math.min(this.fast.estimate, this.slow.estimate);
    }
}

/** Safety factors: a rendition is chosen only if it needs at most this share of the estimate. */
export const keepFactor = 0.95;
export const switchUpFactor = 0.7;

/**
 * The variant to load next: the highest whose BANDWIDTH fits within 0.95 × the estimate, but a
 * step up only when it fits within 0.7 × (down fast, up slowly). With no estimate yet, the lowest.
 * @param {{bandwidth: number}[]} variants sorted by bandwidth, lowest first
 * @param {number} estimate bits per second (0 when unknown)
 * @param {number} current index of the variant playing now, or -1
 * @returns {number} an index into `variants`
 */
export function chooseVariant(variants, estimate, current) {
    if (variants.length === 0) return -1;
    if (!(estimate > 0)) return current >= 0 ? current : 0;
    let best = 0;
    for (let index = 0; index < variants.length; index += 1) {
        const factor = index > current ? switchUpFactor : keepFactor;
        if (variants[index].bandwidth <= factor * estimate) best = index;
    }
    return best;
}

/**
 * Whether a download in progress should be given up for a lower rendition: it cannot finish
 * before the buffer runs out, while the lowest rendition's copy of the same segment could.
 * @param {{loaded: number, total: number, elapsed: number, bufferAhead: number, lowestBytes: number}} d
 *   bytes loaded so far, expected size, seconds since the request, seconds of media buffered ahead,
 *   expected size of the same segment in the lowest rendition
 * @returns {boolean}
 */
export function shouldAbandon({ loaded, total, elapsed, bufferAhead, lowestBytes }) {
    if (elapsed < 0.5 || total <= 0 || loaded >= total) return false;
    // Before the first bytes arrive, assume the segment trickles in at one byte per elapsed second.
    const rate = Math.max(loaded, 1) / elapsed;
    const remaining = (total - loaded) / rate;
    if (remaining <= bufferAhead) return false;
    return lowestBytes / rate < bufferAhead || remaining > 2 * bufferAhead + 2;
}
