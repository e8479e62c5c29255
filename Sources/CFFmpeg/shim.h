// Wrappers for the FFmpeg macros and version differences Swift cannot import directly.
// Every symbol here is prefixed `cffmpeg_` / `CFFMPEG_`.
#ifndef CFFMPEG_SHIM_H
#define CFFMPEG_SHIM_H

#include <errno.h>
#include <stdint.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libavutil/time.h>
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

/// A deadline the interrupt callback compares against FFmpeg's monotonic clock.
typedef struct cffmpeg_deadline {
  int64_t deadline_us;
  int fired;
} cffmpeg_deadline;

static int cffmpeg_deadline_reached(void *opaque) {
  cffmpeg_deadline *deadline = (cffmpeg_deadline *)opaque;
  if (deadline != NULL && av_gettime_relative() >= deadline->deadline_us) {
    deadline->fired = 1;
    return 1;
  }
  return 0;
}

/// An interrupt callback that stops blocking I/O once `deadline` has passed.
static inline AVIOInterruptCB cffmpeg_deadline_callback(cffmpeg_deadline *deadline) {
  AVIOInterruptCB callback = {cffmpeg_deadline_reached, deadline};
  return callback;
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

#endif
