// Wrappers for the FFmpeg macros and version differences Swift cannot import directly.
// Every symbol here is prefixed `cffmpeg_` / `CFFMPEG_`.
#ifndef CFFMPEG_SHIM_H
#define CFFMPEG_SHIM_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libavutil/time.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
#include <zlib.h>

static inline int cffmpeg_averror(int posix_error) { return AVERROR(posix_error); }
static const int CFFMPEG_AVERROR_EOF = AVERROR_EOF;
static const int CFFMPEG_AVERROR_EXIT = AVERROR_EXIT;
static const int CFFMPEG_AVERROR_INVALIDDATA = AVERROR_INVALIDDATA;
static const int CFFMPEG_AVERROR_DECODER_NOT_FOUND = AVERROR_DECODER_NOT_FOUND;
static const int CFFMPEG_AVERROR_EAGAIN = AVERROR(EAGAIN);
static const int64_t CFFMPEG_AV_NOPTS_VALUE = AV_NOPTS_VALUE;
static const int CFFMPEG_DISPOSITION_ATTACHED_PIC = AV_DISPOSITION_ATTACHED_PIC;
static const int CFFMPEG_DISPOSITION_DEFAULT = AV_DISPOSITION_DEFAULT;
static const uint64_t CFFMPEG_PIX_FMT_FLAG_ALPHA = AV_PIX_FMT_FLAG_ALPHA;
static const uint64_t CFFMPEG_PIX_FMT_FLAG_PAL = AV_PIX_FMT_FLAG_PAL;
static const uint64_t CFFMPEG_PIX_FMT_FLAG_RGB = AV_PIX_FMT_FLAG_RGB;
static const uint64_t CFFMPEG_PIX_FMT_FLAG_BAYER = AV_PIX_FMT_FLAG_BAYER;
static const uint64_t CFFMPEG_PIX_FMT_FLAG_PLANAR = AV_PIX_FMT_FLAG_PLANAR;

static inline AVRational cffmpeg_time_base_q(void) { return AV_TIME_BASE_Q; }

/// The stream's display matrix (9 int32 values), or NULL when it has none.
static inline const int32_t *cffmpeg_stream_display_matrix(const AVStream *stream) {
#if LIBAVFORMAT_VERSION_MAJOR < 61
  size_t size = 0;
  const uint8_t *data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  return (data != NULL && size >= 9 * sizeof(int32_t)) ? (const int32_t *)data : NULL;
#else
  const AVPacketSideData *side = av_packet_side_data_get(
      stream->codecpar->coded_side_data, stream->codecpar->nb_coded_side_data,
      AV_PKT_DATA_DISPLAYMATRIX);
  return (side != NULL && side->size >= 9 * sizeof(int32_t)) ? (const int32_t *)side->data : NULL;
#endif
}

/// Gives the stream the display matrix `matrix` (9 int32 values); FFmpeg's code (0 on success).
static inline int cffmpeg_stream_set_display_matrix(AVStream *stream, const int32_t *matrix) {
#if LIBAVFORMAT_VERSION_MAJOR < 61
  uint8_t *data = av_stream_new_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t));
#else
  AVPacketSideData *side = av_packet_side_data_new(
      &stream->codecpar->coded_side_data, &stream->codecpar->nb_coded_side_data,
      AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t), 0);
  uint8_t *data = side != NULL ? side->data : NULL;
#endif
  if (data == NULL) return AVERROR(ENOMEM);
  memcpy(data, matrix, 9 * sizeof(int32_t));
  return 0;
}

/// A deadline the interrupt callback compares against FFmpeg's monotonic clock, and a flag that
/// stops the probe early when its caller cancels it. `fired` is only touched by the probe's
/// thread; `cancelled` is set from any thread, through the atomic functions below.
typedef struct cffmpeg_deadline {
  int64_t deadline_us;
  int fired;
  int cancelled;
} cffmpeg_deadline;

/// Asks the probe reading through `deadline` to stop; safe from any thread.
static inline void cffmpeg_deadline_cancel(cffmpeg_deadline *deadline) {
  __atomic_store_n(&deadline->cancelled, 1, __ATOMIC_RELEASE);
}

/// Whether cffmpeg_deadline_cancel was called; safe from any thread.
static inline int cffmpeg_deadline_cancelled(const cffmpeg_deadline *deadline) {
  return __atomic_load_n(&deadline->cancelled, __ATOMIC_ACQUIRE);
}

/// 1 once the probe must stop: cancelled, or past the deadline (which sets `fired`).
static int cffmpeg_deadline_reached(void *opaque) {
  cffmpeg_deadline *deadline = (cffmpeg_deadline *)opaque;
  if (deadline == NULL) return 0;
  if (cffmpeg_deadline_cancelled(deadline)) return 1;
  if (av_gettime_relative() >= deadline->deadline_us) {
    deadline->fired = 1;
    return 1;
  }
  return 0;
}

/// An interrupt callback that stops blocking I/O once `deadline` has passed or was cancelled.
static inline AVIOInterruptCB cffmpeg_deadline_callback(cffmpeg_deadline *deadline) {
  AVIOInterruptCB callback = {cffmpeg_deadline_reached, deadline};
  return callback;
}

/// Where a seek from `position` in a source of `size` bytes lands, as lseek(2) computes it: any
/// position from 0 up, past the end too (reads there give EOF); AVSEEK_SIZE gives the size.
/// Checked before adding, so that no offset can overflow.
static inline int64_t cffmpeg_seek_target(int64_t size, int64_t position, int64_t offset,
                                          int whence) {
  whence &= ~AVSEEK_FORCE;
  if (whence == AVSEEK_SIZE) return size;
  int64_t base;
  switch (whence) {
  case SEEK_SET: base = 0; break;
  case SEEK_CUR: base = position; break;
  case SEEK_END: base = size; break;
  default: return AVERROR(EINVAL);
  }
  if ((offset > 0 && offset > INT64_MAX - base) || (offset < 0 && offset < -base)) {
    return AVERROR(EINVAL);
  }
  return base + offset;
}

/// Bytes in memory that an AVIOContext reads: `data` is borrowed and must outlive the context.
/// Once `deadline` (if any) has passed, every read fails with AVERROR_EXIT: FFmpeg consults a
/// format context's interrupt callback only in some loops, never for reads of a custom context.
typedef struct cffmpeg_memory_input {
  const uint8_t *data;
  int64_t size;
  int64_t position;
  cffmpeg_deadline *deadline;
} cffmpeg_memory_input;

static int cffmpeg_memory_read(void *opaque, uint8_t *buffer, int wanted) {
  cffmpeg_memory_input *input = (cffmpeg_memory_input *)opaque;
  if (cffmpeg_deadline_reached(input->deadline)) return AVERROR_EXIT;
  if (wanted <= 0) return 0;
  if (input->position >= input->size) return AVERROR_EOF;
  int64_t left = input->size - input->position;
  int count = left < (int64_t)wanted ? (int)left : wanted;
  memcpy(buffer, input->data + input->position, (size_t)count);
  input->position += count;
  return count;
}

static int64_t cffmpeg_memory_seek(void *opaque, int64_t offset, int whence) {
  cffmpeg_memory_input *input = (cffmpeg_memory_input *)opaque;
  int64_t target = cffmpeg_seek_target(input->size, input->position, offset, whence);
  if (target >= 0 && (whence & ~AVSEEK_FORCE) != AVSEEK_SIZE) input->position = target;
  return target;
}

/// A file FFmpeg reads through the descriptor the probe opened (and checked with fstat) itself,
/// so that FFmpeg never opens a path: a file swapped for a FIFO after the check cannot block it.
/// Reads use pread(2) at `position` and stop at `size` (the size fstat gave), so FFmpeg sees the
/// bytes the probe's own readers see. The descriptor is borrowed. Reads after `deadline` fail
/// with AVERROR_EXIT.
typedef struct cffmpeg_file_input {
  int descriptor;
  int64_t size;
  int64_t position;
  cffmpeg_deadline *deadline;
} cffmpeg_file_input;

static int cffmpeg_file_read(void *opaque, uint8_t *buffer, int wanted) {
  cffmpeg_file_input *input = (cffmpeg_file_input *)opaque;
  if (cffmpeg_deadline_reached(input->deadline)) return AVERROR_EXIT;
  if (wanted <= 0) return 0;
  if (input->position >= input->size) return AVERROR_EOF;
  int64_t left = input->size - input->position;
  size_t count = left < (int64_t)wanted ? (size_t)left : (size_t)wanted;
  ssize_t got;
  do {
    got = pread(input->descriptor, buffer, count, (off_t)input->position);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return AVERROR(errno);
  if (got == 0) return AVERROR_EOF; /* the file shrank since fstat */
  input->position += got;
  return (int)got;
}

static int64_t cffmpeg_file_seek(void *opaque, int64_t offset, int whence) {
  cffmpeg_file_input *input = (cffmpeg_file_input *)opaque;
  int64_t target = cffmpeg_seek_target(input->size, input->position, offset, whence);
  if (target >= 0 && (whence & ~AVSEEK_FORCE) != AVSEEK_SIZE) input->position = target;
  return target;
}

/// A read-only, seekable AVIOContext with the callbacks `read` and `seek` over `opaque`, with a
/// buffer of `buffer_size` bytes from av_malloc; NULL when out of memory. Free it with
/// cffmpeg_io_free, never avio_close.
static inline AVIOContext *cffmpeg_io_alloc(void *opaque, int (*read)(void *, uint8_t *, int),
                                            int64_t (*seek)(void *, int64_t, int),
                                            int buffer_size) {
  unsigned char *buffer = (unsigned char *)av_malloc((size_t)buffer_size);
  if (buffer == NULL) return NULL;
  AVIOContext *io = avio_alloc_context(buffer, buffer_size, 0, opaque, read, NULL, seek);
  if (io == NULL) av_free(buffer);
  return io;
}

/// A read-only, seekable AVIOContext over bytes in memory (see cffmpeg_io_alloc).
static inline AVIOContext *cffmpeg_memory_io_alloc(cffmpeg_memory_input *input, int buffer_size) {
  return cffmpeg_io_alloc(input, cffmpeg_memory_read, cffmpeg_memory_seek, buffer_size);
}

/// A read-only, seekable AVIOContext over an open file descriptor (see cffmpeg_io_alloc).
static inline AVIOContext *cffmpeg_file_io_alloc(cffmpeg_file_input *input, int buffer_size) {
  return cffmpeg_io_alloc(input, cffmpeg_file_read, cffmpeg_file_seek, buffer_size);
}

/// Frees a context from cffmpeg_io_alloc and its buffer (which FFmpeg may have replaced).
static inline void cffmpeg_io_free(AVIOContext **io) {
  if (io == NULL || *io == NULL) return;
  av_freep(&(*io)->buffer);
  avio_context_free(io);
}

/// How many bytes a zlib stream inflates to, counting without keeping the output, up to
/// `cap` (returns cap + 1 once it is exceeded); -1 when the stream is not valid zlib.
static inline long long cffmpeg_zlib_inflated_size(const uint8_t *data, size_t size,
                                                   long long cap) {
  z_stream stream = {0};
  unsigned char sink[16384];
  long long total = 0;
  if (inflateInit(&stream) != Z_OK) return -1;
  stream.next_in = (Bytef *)data;
  stream.avail_in = (uInt)size;
  int status = Z_OK;
  while (status == Z_OK && total <= cap) {
    stream.next_out = sink;
    stream.avail_out = sizeof sink;
    status = inflate(&stream, Z_NO_FLUSH);
    total += (long long)(sizeof sink - stream.avail_out);
    if (status == Z_BUF_ERROR && stream.avail_in == 0) break; /* truncated: what came out so far */
  }
  inflateEnd(&stream);
  if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) return -1;
  return total > cap ? cap + 1 : total;
}

/// The most bytes `cffmpeg_png_deflate_rows` writes for `height` rows of `row_bytes` bytes.
static inline size_t cffmpeg_png_deflate_bound(size_t row_bytes, size_t height) {
  return (size_t)compressBound((uLong)((row_bytes + 1) * height)) + 1024;
}

/// PNG's image data for `height` rows of `row_bytes` bytes each, `stride` bytes apart from
/// `pixels`: every row filtered with "up" (filter type 2, the byte above subtracted) and the
/// rows compressed as one zlib stream at `level`, with zlib's run-length strategy at level 1 or
/// below (it finds the runs "up" leaves in flat and repeated areas at a fraction of the time).
/// Writes at most `capacity` bytes to `out`; returns their count, or -1 when zlib fails or
/// `capacity` (see `cffmpeg_png_deflate_bound`) is too small.
static inline long long cffmpeg_png_deflate_rows(const uint8_t *pixels, size_t stride,
                                                 size_t row_bytes, size_t height, int level,
                                                 uint8_t *out, size_t capacity) {
  if (height == 0 || row_bytes == 0 || capacity > 0xFFFFFFFFu) return -1;
  z_stream stream = {0};
  int strategy = level <= 1 ? Z_RLE : Z_DEFAULT_STRATEGY;
  if (deflateInit2(&stream, level, Z_DEFLATED, 15, 8, strategy) != Z_OK) return -1;
  uint8_t *row = malloc(row_bytes + 1);
  if (row == NULL) {
    deflateEnd(&stream);
    return -1;
  }
  stream.next_out = out;
  stream.avail_out = (uInt)capacity;
  int status = Z_OK;
  for (size_t y = 0; y < height && status == Z_OK; y++) {
    const uint8_t *current = pixels + y * stride;
    row[0] = 2;
    if (y == 0) {
      memcpy(row + 1, current, row_bytes);
    } else {
      const uint8_t *above = current - stride;
      for (size_t x = 0; x < row_bytes; x++) row[x + 1] = (uint8_t)(current[x] - above[x]);
    }
    stream.next_in = row;
    stream.avail_in = (uInt)(row_bytes + 1);
    status = deflate(&stream, y + 1 == height ? Z_FINISH : Z_NO_FLUSH);
    if (stream.avail_in != 0 && status == Z_OK) status = Z_BUF_ERROR;
  }
  long long written = (long long)stream.total_out;
  free(row);
  deflateEnd(&stream);
  return status == Z_STREAM_END ? written : -1;
}

#endif
