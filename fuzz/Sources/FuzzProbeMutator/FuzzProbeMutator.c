// A structure-aware mutator for FuzzProbe: one mutation in three rewrites a size field that the
// input's own structure locates (an ISO BMFF box size or 64-bit largesize, a PNG chunk length)
// with a value at the edge of its type: 0 (to the end), 1 (largesize follows), the header's own
// length, what is left of the file and one more, 0x7FFFFFFF, 0xFFFFFFFF, INT64_MAX, UINT64_MAX.
// Random byte flips rarely hit those four bytes with those values; the parsers' overflow guards
// live exactly there. The other mutations are libFuzzer's own (dictionary included).
#include "FuzzProbeMutator.h"

#include <string.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

enum { max_fields = 256 };

/// A size field found in the input: where it is and how wide (4 or 8 bytes).
typedef struct {
  size_t offset;
  size_t width;
  size_t box_start;  // the box or chunk it belongs to
} size_field;

static uint32_t next_random(uint32_t *state) {
  uint32_t x = *state ? *state : 0x9E3779B9u;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

static uint64_t read_be(const uint8_t *p, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; i++) value = value << 8 | p[i];
  return value;
}

static void write_be(uint8_t *p, size_t width, uint64_t value) {
  for (size_t i = width; i > 0; i--) {
    p[i - 1] = (uint8_t)value;
    value >>= 8;
  }
}

static int is_container(const uint8_t *type) {
  static const char *const names[] = {"moov", "trak", "mdia", "minf", "stbl", "moof", "traf",
                                      "mvex", "edts", "dinf", "udta", "mfra"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (memcmp(type, names[i], 4) == 0) return 1;
  return 0;
}

/// The box size fields in [start, end), descending into container boxes (depth-limited).
static size_t find_iso_fields(const uint8_t *data, size_t start, size_t end, int depth,
                              size_field *fields, size_t count) {
  size_t offset = start;
  for (int steps = 0; steps < 1000 && count < max_fields && end - offset >= 8; steps++) {
    uint64_t box = read_be(data + offset, 4);
    size_t header = 8;
    fields[count++] = (size_field){offset, 4, offset};
    if (box == 1) {
      if (end - offset < 16) break;
      box = read_be(data + offset + 8, 8);
      header = 16;
      if (count < max_fields) fields[count++] = (size_field){offset + 8, 8, offset};
    } else if (box == 0) {
      box = end - offset;
    }
    if (box < header || box > end - offset) break;
    if (depth < 6 && is_container(data + offset + 4))
      count = find_iso_fields(data, offset + header, offset + (size_t)box, depth + 1, fields,
                              count);
    offset += (size_t)box;
  }
  return count;
}

/// The chunk length fields of a PNG.
static size_t find_png_fields(const uint8_t *data, size_t size, size_field *fields) {
  size_t count = 0;
  size_t offset = 8;
  while (count < max_fields && size - offset >= 12) {
    fields[count++] = (size_field){offset, 4, offset};
    uint64_t length = read_be(data + offset, 4);
    if (length > size - offset - 12) break;
    offset += 12 + (size_t)length;
  }
  return count;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
  uint32_t state = seed;
  if (next_random(&state) % 3 != 0 || size < 16) return LLVMFuzzerMutate(data, size, max_size);

  size_field fields[max_fields];
  size_t count;
  static const uint8_t png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  int is_png = memcmp(data, png, 8) == 0;
  if (is_png) {
    count = find_png_fields(data, size, fields);
  } else if (memcmp(data + 4, "ftyp", 4) == 0 || memcmp(data + 4, "moov", 4) == 0 ||
             memcmp(data + 4, "mdat", 4) == 0 || memcmp(data + 4, "free", 4) == 0) {
    count = find_iso_fields(data, 0, size, 0, fields, 0);
  } else {
    count = 0;
  }
  if (count == 0) return LLVMFuzzerMutate(data, size, max_size);

  size_field field = fields[next_random(&state) % count];
  uint64_t left = size - field.box_start;  // bytes from the box's start to the end
  uint64_t edges[] = {
      0,          1,          7,          8,          12,         16,
      left,       left + 1,   left - 1,   0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
      0xFFFFFFF0, 0x100000000ull, 0x7FFFFFFFFFFFFFFFull, 0x7FFFFFFFFFFFFFF0ull,
      0x8000000000000000ull, 0xFFFFFFFFFFFFFFFFull,
  };
  uint64_t value = edges[next_random(&state) % (sizeof edges / sizeof edges[0])];
  if (field.width == 4) {
    // A 64-bit edge in a 32-bit field: turn the box into a largesize box when there is room
    // to insert the 8 bytes (ISO only; a PNG length stays 32-bit).
    if (value > 0xFFFFFFFFull) {
      if (!is_png && size + 8 <= max_size && read_be(data + field.offset, 4) != 1) {
        size_t after = field.offset + 8;
        memmove(data + after + 8, data + after, size - after);
        write_be(data + field.offset, 4, 1);
        write_be(data + after, 8, value);
        return size + 8;
      }
      value &= 0xFFFFFFFF;
    }
    write_be(data + field.offset, 4, value);
  } else {
    write_be(data + field.offset, 8, value);
  }
  return size;
}
