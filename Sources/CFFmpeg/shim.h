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

#endif
