"""The benchmark inputs, generated once and cached: N lines of exactly 200 bytes, and a mix of
20-2,000 byte lines. Lines hold no quotes, backslashes, slashes or control characters, so every
JSON-lines writer (inlet, rsyslog, syslog-ng) adds exactly the same bytes per line and the
expected output size is known in advance."""

import os
import random
import shutil
from dataclasses import dataclass

ALPHABET = ('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
            ' .,:;-_=+()[]!?*#@')
JSON_LINE_OVERHEAD = len('{"msg":""}')  # what a {"msg":LINE} writer adds to each line


@dataclass
class Input:
    path: str
    lines: int
    bytes: int
    label: str


def _filler(seed, n=8192):
    rnd = random.Random(seed)
    return ''.join(rnd.choice(ALPHABET) for _ in range(n))


def _write(path, line_lengths, seed):
    """Line i is its number, a space, then filler up to its length (newline included)."""
    fill = _filler(seed)
    tmp = path + '.tmp'
    total = 0
    with open(tmp, 'w', encoding='ascii', newline='\n') as f:
        chunk = []
        for i, length in enumerate(line_lengths):
            head = f'{i:09d} '
            body = length - 1 - len(head)
            start = (i * 131) % (len(fill) - 2100)
            text = (head + fill[start:start + body])[:length - 1]
            # Some tools trim trailing blanks; end every line on a letter.
            line = text[:-1] + 'x\n' if text.endswith(' ') else text + '\n'
            chunk.append(line)
            total += len(line)
            if len(chunk) == 20000:
                f.write(''.join(chunk))
                chunk.clear()
        f.write(''.join(chunk))
    os.replace(tmp, path)
    return total


def fixed(cache, lines, log):
    """`lines` lines of 200 bytes."""
    path = os.path.join(cache, f'lines-{lines}x200.txt')
    if not os.path.exists(path):
        log(f'generating {path}')
        _write(path, (200 for _ in range(lines)), seed=7)
    return Input(path, lines, os.path.getsize(path), f'{lines:,} lines of 200 B')


def mixed(cache, lines, log):
    """`lines` lines of 20-2,000 bytes (uniform), seeded: the same file on every machine."""
    path = os.path.join(cache, f'lines-{lines}x20-2000.txt')
    rnd = random.Random(11)
    lengths = [rnd.randint(20, 2000) for _ in range(lines)]
    if not os.path.exists(path):
        log(f'generating {path}')
        _write(path, lengths, seed=13)
    return Input(path, lines, os.path.getsize(path), f'{lines:,} lines of 20-2,000 B')


def repeated(src, times, path, log):
    """`times` copies of src back to back (the 4 GB memory input); the caller deletes it."""
    log(f'generating {path} ({times} x {src.bytes / 1e6:.0f} MB)')
    with open(path, 'wb') as out:
        for _ in range(times):
            with open(src.path, 'rb') as f:
                shutil.copyfileobj(f, out, 1 << 22)
    return Input(path, src.lines * times, src.bytes * times,
                 f'{src.lines * times:,} lines of 200 B')


def copy_of(src, log):
    """A second file with the same lines as `src` (another inode: file → null over two files),
    cached next to it."""
    path = src.path.replace('.txt', '-copy.txt')
    if not os.path.exists(path) or os.path.getsize(path) != src.bytes:
        log(f'generating {path}')
        tmp = path + '.tmp'
        shutil.copyfile(src.path, tmp)
        os.replace(tmp, path)
    return Input(path, src.lines, src.bytes, src.label)


def free_bytes(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize
