#!/usr/bin/env python3
"""An independent reference for the pinned backtests (libs/backtest/src/pinned).

It replays a short slice of a vendored bar file through one of the shipped
strategies and a bar-by-bar broker. It shares no code with the engine and
computes differently (whole-series indicators rather than streaming ones, its
own bar loop, Python's decimals), from the rules as stated: the strategies'
entry and exit conditions, the indicators as TA-Lib defines them, the fill
model as its description gives it:

- indicators: EMA seeded with an SMA, Wilder's RSI and ATR seeded with plain
  means, MACD with both EMAs starting on the slow one's seed bar, Bollinger
  bands of population deviations, ADX with TA-Lib's n-1 seed sums, Donchian
  over the last n bars; levels closer than a millionth of a point are equal;
- a signal at a bar's close fills at the next bar's open: buys at the ask
  (bid + spread) plus slippage, sells at the bid less slippage; a stop-loss or
  take-profit set by the entry is checked on every bar from the entry bar on
  (a short's on the ask), the stop first, a gap filling at the open, a stop
  with slippage; open positions close at the last bar's close;
- money in exact decimals: P&L, commission per lot per side, swap per lot per
  night at the 22:00 rollover, before the first trade of the bar that starts
  then (Wednesday counting three nights, weekends none).

Standard library only. Reads {"scenarios": [...]} on stdin and prints
{"results": [...]}, each the trades (entry and exit time, side, lots, prices,
how it exited, gross, costs, net), the final cash and, for each signal, the
indicator values that decided it.
"""
import gzip
import json
import math
import sys
from datetime import datetime, timezone
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, getcontext
from pathlib import Path

getcontext().prec = 34
getcontext().rounding = ROUND_HALF_EVEN

ROOT = Path(__file__).resolve().parents[2]
HOUR = 3_600_000
DAY = 86_400_000
NAN = float('nan')


# ---------------------------------------------------------------- bar files

def parse_time(date, clock):
    stamp = datetime.strptime(date.replace('.', '-') + ' ' + clock, '%Y-%m-%d %H:%M:%S').replace(tzinfo=timezone.utc)
    return int(stamp.timestamp()) * 1000


def read_bars(relative):
    """Rows of a vendored file as dicts; the file clock read as UTC, repeats and steps back dropped."""
    with gzip.open(ROOT / relative, 'rt', encoding='utf8') as handle:
        lines = handle.read().splitlines()
    header = lines[0].replace('"', '')
    rows = []
    last = -math.inf
    for line in lines[1:]:
        if not line.strip():
            continue
        if header.startswith('<DATE>'):
            fields = line.split('\t') if '\t' in header else line.split(',')
            date, clock, o, h, l, c, _tick, _vol, spread = fields
        else:
            stamp, o, h, l, c, _volume = line.replace('"', '').split('\t')
            date, clock = stamp.split(' ')
            spread = '0'
        time = parse_time(date, clock)
        if time <= last:
            continue
        last = time
        rows.append({'time': time, 'open': Decimal(o), 'high': Decimal(h), 'low': Decimal(l), 'close': Decimal(c), 'spread': int(spread)})
    return rows


def slice_bars(rows, start_iso, count):
    start = int(datetime.fromisoformat(start_iso.replace('Z', '+00:00')).timestamp()) * 1000
    first = next(i for i, row in enumerate(rows) if row['time'] == start)
    return rows[first:first + count]


# ---------------------------------------------------------------- indicators (TA-Lib definitions)

def ema(values, n):
    out = [NAN] * len(values)
    if len(values) < n:
        return out
    k = 2.0 / (n + 1)
    out[n - 1] = sum(values[:n]) / n
    for i in range(n, len(values)):
        out[i] = (values[i] - out[i - 1]) * k + out[i - 1]
    return out


def ema_from(values, n, start):
    """EMA of values[start:], seeded at start + n - 1, NaN before."""
    tail = ema(values[start:], n)
    return [NAN] * start + tail


def rsi(closes, n):
    out = [NAN] * len(closes)
    if len(closes) <= n:
        return out
    gains = sum(max(closes[i] - closes[i - 1], 0.0) for i in range(1, n + 1)) / n
    losses = sum(max(closes[i - 1] - closes[i], 0.0) for i in range(1, n + 1)) / n
    out[n] = 0.0 if gains + losses == 0 else 100.0 * gains / (gains + losses)
    for i in range(n + 1, len(closes)):
        change = closes[i] - closes[i - 1]
        gains = (gains * (n - 1) + max(change, 0.0)) / n
        losses = (losses * (n - 1) + max(-change, 0.0)) / n
        out[i] = 0.0 if gains + losses == 0 else 100.0 * gains / (gains + losses)
    return out


def true_ranges(highs, lows, closes):
    tr = [NAN]
    for i in range(1, len(closes)):
        tr.append(max(highs[i] - lows[i], abs(highs[i] - closes[i - 1]), abs(lows[i] - closes[i - 1])))
    return tr


def atr(highs, lows, closes, n):
    out = [NAN] * len(closes)
    if len(closes) <= n:
        return out
    tr = true_ranges(highs, lows, closes)
    out[n] = sum(tr[1:n + 1]) / n
    for i in range(n + 1, len(closes)):
        out[i] = (out[i - 1] * (n - 1) + tr[i]) / n
    return out


def macd(closes, fast, slow, signal):
    """TA-Lib MACD: the fast EMA is seeded on the `fast` closes ending where the slow seed ends."""
    slow_ema = ema(closes, slow)
    fast_ema = ema_from(closes, fast, slow - fast)
    line = [f - s for f, s in zip(fast_ema, slow_ema)]
    signal_line = ema_from(line, signal, slow - 1)
    histogram = [l - s for l, s in zip(line, signal_line)]
    return line, signal_line, histogram


def bollinger(closes, n, k):
    middle, upper, lower = [NAN] * len(closes), [NAN] * len(closes), [NAN] * len(closes)
    for i in range(n - 1, len(closes)):
        window = closes[i - n + 1:i + 1]
        mean = sum(window) / n
        deviation = math.sqrt(sum((x - mean) ** 2 for x in window) / n)
        middle[i], upper[i], lower[i] = mean, mean + k * deviation, mean - k * deviation
    return middle, upper, lower


def adx(highs, lows, closes, n):
    size = len(closes)
    out = [NAN] * size
    if size < 2 * n:
        return out
    plus_dm, minus_dm = [0.0] * size, [0.0] * size
    for i in range(1, size):
        up = highs[i] - highs[i - 1]
        down = lows[i - 1] - lows[i]
        plus_dm[i] = up if up > down and up > 0 else 0.0
        minus_dm[i] = down if down > up and down > 0 else 0.0
    tr = true_ranges(highs, lows, closes)
    s_plus = sum(plus_dm[1:n])
    s_minus = sum(minus_dm[1:n])
    s_tr = sum(tr[1:n])
    dx = [NAN] * size
    for i in range(n, size):
        s_plus = s_plus - s_plus / n + plus_dm[i]
        s_minus = s_minus - s_minus / n + minus_dm[i]
        s_tr = s_tr - s_tr / n + tr[i]
        if s_tr != 0:
            plus_di = 100.0 * s_plus / s_tr
            minus_di = 100.0 * s_minus / s_tr
            if plus_di + minus_di != 0:
                dx[i] = 100.0 * abs(plus_di - minus_di) / (plus_di + minus_di)
    first = 2 * n - 1
    seeds = [d for d in dx[n:first + 1] if d == d]
    value = sum(seeds) / n
    out[first] = value
    for i in range(first + 1, size):
        if dx[i] == dx[i]:
            value = (value * (n - 1) + dx[i]) / n
        out[i] = value
    return out


def donchian(highs, lows, n):
    upper, lower = [NAN] * len(highs), [NAN] * len(highs)
    for i in range(n - 1, len(highs)):
        upper[i] = max(highs[i - n + 1:i + 1])
        lower[i] = min(lows[i - n + 1:i + 1])
    return upper, lower


# ---------------------------------------------------------------- price helpers

def round_price(value, precision):
    """A float level on the instrument's point grid, half up, as an exact decimal."""
    scale = 10 ** precision
    return Decimal(math.floor(value * scale + 0.5)) / Decimal(scale)


def above(a, b, point):
    """1 above, -1 below, 0 within a millionth of a point, None while either is NaN."""
    if a != a or b != b:
        return None
    difference = a - b
    tolerance = point * 1e-6
    return 1 if difference > tolerance else -1 if difference < -tolerance else 0


# ---------------------------------------------------------------- strategies (signals at a bar's close)

class Scalping:
    def __init__(self, bars, p, instrument):
        closes = [float(b['close']) for b in bars]
        highs = [float(b['high']) for b in bars]
        lows = [float(b['low']) for b in bars]
        self.bars, self.p, self.instrument = bars, p, instrument
        _, self.upper, self.lower = bollinger(closes, p['bbPeriod'], p['bbDeviations'])
        self.rsi = rsi(closes, p['rsiPeriod'])
        _, _, self.histogram = macd(closes, p['macdFast'], p['macdSlow'], p['macdSignal'])
        self.atr = atr(highs, lows, closes, p['atrPeriod'])
        self.max_spread_points = p['maxSpreadPips'] * instrument['pip'] / instrument['point']

    def decide(self, i, side):
        p, bar = self.p, self.bars[i]
        histogram, previous = self.histogram[i], self.histogram[i - 1] if i > 0 else NAN
        a = self.atr[i]
        if not (a > 0) or previous != previous or bar['spread'] > self.max_spread_points + 1e-9 or side != 0:
            return None
        close, low, high = float(bar['close']), float(bar['low']), float(bar['high'])
        point = self.instrument['point']
        turn = above(histogram, previous, point)
        facts = {'close': close, 'low': low, 'high': high, 'lower': self.lower[i], 'upper': self.upper[i], 'rsi': self.rsi[i], 'histogram': histogram, 'previousHistogram': previous, 'atr': a}
        low_vs = above(low, self.lower[i], point)
        high_vs = above(high, self.upper[i], point)
        if low_vs is not None and low_vs <= 0 and self.rsi[i] <= p['rsiOversold'] and turn == 1:
            return {'side': 'buy', 'stop': close - p['stopAtr'] * a, 'target': close + p['targetAtr'] * a, 'facts': facts}
        if high_vs is not None and high_vs >= 0 and self.rsi[i] >= p['rsiOverbought'] and turn == -1:
            return {'side': 'sell', 'stop': close + p['stopAtr'] * a, 'target': close - p['targetAtr'] * a, 'facts': facts}
        return None


class Intraday:
    def __init__(self, bars, p, instrument):
        closes = [float(b['close']) for b in bars]
        highs = [float(b['high']) for b in bars]
        lows = [float(b['low']) for b in bars]
        self.bars, self.p, self.instrument = bars, p, instrument
        self.fast = ema(closes, p['fastPeriod'])
        self.slow = ema(closes, p['slowPeriod'])
        self.adx = adx(highs, lows, closes, p['adxPeriod'])
        self.atr = atr(highs, lows, closes, p['atrPeriod'])

    def decide(self, i, side):
        p, bar = self.p, self.bars[i]
        close = float(bar['close'])
        close_hour = ((bar['time'] + HOUR) % DAY) / HOUR
        in_session = p['sessionStartHour'] < close_hour <= p['sessionEndHour'] - 1e-9
        if side != 0 and not in_session:
            return {'side': 'flat', 'facts': {'closeHour': close_hour}}
        fast, slow, a, x = self.fast[i], self.slow[i], self.atr[i], self.adx[i]
        previous_fast = self.fast[i - 1] if i > 0 else NAN
        if side != 0 or not in_session or not (x >= p['adxMin']) or not (a > 0) or previous_fast != previous_fast:
            return None
        point = self.instrument['point']
        previous_close = float(self.bars[i - 1]['close'])
        trend = above(fast, slow, point)
        facts = {'close': close, 'previousClose': previous_close, 'fast': fast, 'previousFast': previous_fast, 'slow': slow, 'adx': x, 'atr': a, 'closeHour': close_hour}
        if trend == 1 and above(previous_close, previous_fast, point) <= 0 and above(close, fast, point) == 1:
            return {'side': 'buy', 'stop': close - p['stopAtr'] * a, 'target': close + p['targetAtr'] * a, 'facts': facts}
        if trend == -1 and above(previous_close, previous_fast, point) >= 0 and above(close, fast, point) == -1:
            return {'side': 'sell', 'stop': close + p['stopAtr'] * a, 'target': close - p['targetAtr'] * a, 'facts': facts}
        return None


class Swing:
    """Breakout mode on H4 bars built from H1: a bucket completes with its last hour (or when a later bucket starts)."""

    def __init__(self, bars, p, instrument):
        self.bars, self.p, self.instrument = bars, p, instrument
        span = {'H4': 4 * HOUR, 'D1': DAY}[p['timeframe']]
        # Coarse bars, and the coarse bars each H1 index completes (two after a gap).
        self.coarse, self.completes_at = [], {}
        bucket = None
        for i, bar in enumerate(bars):
            start = bar['time'] // span * span
            if bucket is not None and start != bucket['time']:
                self.completes_at.setdefault(i, []).append(len(self.coarse))
                self.coarse.append(bucket)
                bucket = None
            if bucket is None:
                bucket = {'time': start, 'open': bar['open'], 'high': bar['high'], 'low': bar['low'], 'close': bar['close']}
            else:
                bucket['high'] = max(bucket['high'], bar['high'])
                bucket['low'] = min(bucket['low'], bar['low'])
                bucket['close'] = bar['close']
            if bar['time'] + HOUR >= start + span:
                self.completes_at.setdefault(i, []).append(len(self.coarse))
                self.coarse.append(bucket)
                bucket = None
        closes = [float(b['close']) for b in self.coarse]
        highs = [float(b['high']) for b in self.coarse]
        lows = [float(b['low']) for b in self.coarse]
        self.trend = ema(closes, p['trendPeriod'])
        self.atr = atr(highs, lows, closes, p['atrPeriod'])
        self.upper, self.lower = donchian(highs, lows, p['donchianPeriod'])
        self.trail = NAN

    def decide(self, i, side):
        """The signal of the last coarse bar bar i completes that gave one."""
        decision = None
        for k in self.completes_at.get(i, []):
            decision = self.completed(k, side) or decision
        return decision

    def completed(self, k, side):
        p = self.p
        bucket = self.coarse[k]
        close, a, trend = float(bucket['close']), self.atr[k], self.trend[k]
        upper = self.upper[k - 1] if k > 0 else NAN
        lower = self.lower[k - 1] if k > 0 else NAN
        if not (a > 0) or trend != trend:
            return None
        facts = {'bucket': iso(bucket['time']), 'close': close, 'trend': trend, 'atr': a, 'upper': upper, 'lower': lower}
        if side == 0:
            self.trail = NAN
        else:
            level = close - p['trailAtr'] * a if side > 0 else close + p['trailAtr'] * a
            if self.trail == self.trail and (close < self.trail if side > 0 else close > self.trail):
                facts['trail'] = self.trail
                self.trail = NAN
                return {'side': 'flat', 'facts': facts}
            if self.trail != self.trail or (level > self.trail if side > 0 else level < self.trail):
                self.trail = level
            return None
        point = self.instrument['point']
        direction = 0
        if above(close, upper, point) == 1 and above(close, trend, point) == 1:
            direction = 1
        elif above(close, lower, point) == -1 and above(close, trend, point) == -1:
            direction = -1
        if direction == 0:
            return None
        self.trail = close - direction * p['trailAtr'] * a
        return {'side': 'buy' if direction > 0 else 'sell', 'stop': close - direction * p['stopAtr'] * a, 'target': None, 'facts': facts}


STRATEGIES = {'scalping': Scalping, 'intraday': Intraday, 'swing': Swing}


# ---------------------------------------------------------------- the broker

def instrument_of(symbol):
    jpy = symbol[3:] == 'JPY'
    return {'symbol': symbol, 'base': symbol[:3], 'quote': symbol[3:], 'pip': 0.01 if jpy else 0.0001, 'point': 0.001 if jpy else 0.00001, 'precision': 3 if jpy else 5, 'units': 100_000}


def rollover_day(time):
    return (time - 22 * HOUR) // DAY


def nights_between(last_day, day):
    nights = 0
    for d in range(last_day + 1, day + 1):
        weekday = datetime.fromtimestamp(d * DAY / 1000, tz=timezone.utc).isoweekday()  # 1 Monday .. 7 Sunday
        if weekday <= 5:
            nights += 3 if weekday == 3 else 1
    return nights


def plain(value):
    """An exact decimal as text, without exponent or trailing zeros."""
    text = format(value.normalize(), 'f')
    return '0' if text == '-0' else text


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def run(scenario):
    rows = read_bars(scenario['file'])
    bars = slice_bars(rows, scenario['from'], scenario['bars'])
    instrument = instrument_of(scenario['symbol'])
    point = Decimal(1).scaleb(-instrument['precision'])
    pip = Decimal(1).scaleb(-(instrument['precision'] - 1))
    fill = scenario['fill']
    slip = Decimal(str(fill.get('slippagePips', 0))) * pip
    commission_per_lot = Decimal(str(fill.get('commissionPerLot', 0)))
    swap = fill.get('swap')
    if instrument['quote'] != 'USD':
        raise ValueError('the reference books USD-quoted pairs only')

    def spread_of(bar):
        return Decimal(str(fill['spreadPips'])) * pip if 'spreadPips' in fill else bar['spread'] * point

    strategy = STRATEGIES[scenario['strategy']](bars, scenario['parameters'], instrument)
    cash = Decimal(scenario['cash'])
    position = None  # {'side', 'lots', 'entry', 'time', 'stop', 'target', 'costs', 'rollover'}
    pending = None  # {'side', 'lots', 'stop', 'target', 'reason'}
    trades, signals = [], []

    def close_position(price, time, reason):
        nonlocal cash, position
        move = price - position['entry'] if position['side'] > 0 else position['entry'] - price
        gross = move * position['lots'] * instrument['units']
        commission = position['lots'] * commission_per_lot
        costs = position['costs'] + commission
        cash += gross - commission
        trades.append({
            'side': 'long' if position['side'] > 0 else 'short', 'lots': plain(position['lots']),
            'entryTime': iso(position['time']), 'entryPrice': plain(position['entry']),
            'exitTime': iso(time), 'exitPrice': plain(price), 'exit': reason,
            'gross': plain(gross), 'costs': plain(costs), 'net': plain(gross - costs),
        })
        position = None

    for i, bar in enumerate(bars):
        spread = spread_of(bar)
        # 1. A position held over a rollover pays (or earns) its nights: the rollover
        # comes at 22:00:00, before the first trade of the bar that starts then.
        if position is not None and swap is not None:
            day = rollover_day(bar['time'])
            nights = nights_between(position['rollover'], day)
            position['rollover'] = max(day, position['rollover'])
            if nights:
                amount = position['lots'] * Decimal(str(swap['long' if position['side'] > 0 else 'short'])) * nights
                cash += amount
                position['costs'] -= amount
        # 2. The order of the last close fills at this open.
        if pending is not None:
            order, pending = pending, None
            if order['side'] == 'flat':
                price = bar['open'] - slip if position['side'] > 0 else bar['open'] + spread + slip
                close_position(price, bar['time'], order['reason'])
            else:
                direction = 1 if order['side'] == 'buy' else -1
                price = bar['open'] + spread + slip if direction > 0 else bar['open'] - slip
                commission = order['lots'] * commission_per_lot
                cash -= commission
                position = {'side': direction, 'lots': order['lots'], 'entry': price, 'time': bar['time'], 'stop': order['stop'], 'target': order['target'], 'costs': commission, 'rollover': rollover_day(bar['time'])}
        # 3. Brackets over the bar's range: a long exits at the bid, a short at the ask.
        if position is not None:
            shift = Decimal(0) if position['side'] > 0 else spread
            o, h, l = bar['open'] + shift, bar['high'] + shift, bar['low'] + shift
            stop, target = position['stop'], position['target']
            exit_price, reason = None, None
            if position['side'] > 0:
                if stop is not None and o <= stop:
                    exit_price, reason = o - slip, 'stop-loss, gapped: filled at the open'
                elif target is not None and o >= target:
                    exit_price, reason = o, 'take-profit, gapped: filled at the open'
                elif stop is not None and l <= stop:
                    exit_price, reason = stop - slip, 'stop-loss'
                elif target is not None and h >= target:
                    exit_price, reason = target, 'take-profit'
            else:
                if stop is not None and o >= stop:
                    exit_price, reason = o + slip, 'stop-loss, gapped: filled at the open'
                elif target is not None and o <= target:
                    exit_price, reason = o, 'take-profit, gapped: filled at the open'
                elif stop is not None and h >= stop:
                    exit_price, reason = stop + slip, 'stop-loss'
                elif target is not None and l <= target:
                    exit_price, reason = target, 'take-profit'
            if exit_price is not None:
                close_position(exit_price, bar['time'], reason)
        # 4. The strategy reads the closed bar and the position it now holds.
        side = 0 if position is None else position['side']
        decision = strategy.decide(i, side)
        if decision is None:
            continue
        signals.append({'barTime': iso(bar['time']), 'side': decision['side'], 'facts': decision['facts']})
        if decision['side'] == 'flat':
            pending = {'side': 'flat', 'reason': 'signal'}
            continue
        stop = round_price(decision['stop'], instrument['precision'])
        target = None if decision['target'] is None else round_price(decision['target'], instrument['precision'])
        sizing = scenario['sizing']
        if 'lots' in sizing:
            lots = Decimal(sizing['lots'])
        else:
            distance = abs(Decimal(repr(float(bar['close']))) - stop)
            lots = (cash * Decimal(sizing['fraction']) / (distance * instrument['units'])).quantize(Decimal('0.01'), rounding=ROUND_FLOOR)
        signals[-1].update({'stop': plain(stop), 'target': None if target is None else plain(target), 'lots': plain(lots)})
        pending = {'side': decision['side'], 'lots': lots, 'stop': stop, 'target': target}
    # End of data: what is open closes at the last close (a short at the ask).
    if position is not None:
        last = bars[-1]
        price = last['close'] if position['side'] > 0 else last['close'] + spread_of(last)
        close_position(price, last['time'], 'end of data')
    return {'name': scenario['name'], 'bars': len(bars), 'first': iso(bars[0]['time']), 'last': iso(bars[-1]['time']), 'trades': trades, 'finalCash': plain(cash), 'signals': signals}


def main():
    request = json.load(sys.stdin)
    print(json.dumps({'results': [run(scenario) for scenario in request['scenarios']]}))


if __name__ == '__main__':
    main()
