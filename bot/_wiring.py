"""Building the pieces from Settings: engines, store and the conversation service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot._config import Settings, SettingsError
from ner import LOCAL_ENGINE, Engine, EngineRegistry
from ner.media import OcrConfig, Tesseract
from service import ConversationService, MediaReader
from storage import open_store

if TYPE_CHECKING:
    from ner.offline import OfflineEngine


def offline_engine(settings: Settings) -> OfflineEngine:
    """The offline engine the settings describe; an unknown tagger name is a SettingsError."""
    from ner.offline import ModelSelectionError, OfflineEngine, default_recognizer

    try:
        if settings.cache_dir is None and settings.offline_models is None:
            # Shared per process: every service built here (tests, replicas) reuses one lexicon.
            return OfflineEngine(recognizer=default_recognizer())
        return OfflineEngine(cache_dir=settings.cache_dir, models=settings.offline_models)
    except ModelSelectionError as exc:
        raise SettingsError(f"Setting MEDNER_OFFLINE_MODELS is invalid: {exc}") from None


def _gemini_engines(settings: Settings) -> list[Engine]:
    """The Gemini engines the settings configure (none without a key or tuned endpoint).

    Imported lazily so an offline-only bot never loads google-genai. A setting that can never
    work (a retired ``tunedModels/`` name, a malformed endpoint) is a SettingsError: one line.
    """
    if not settings.gemini_configured:
        return []
    from ner.gemini import GeminiConfig, GeminiConfigError, build_gemini_engines

    key = settings.gemini_api_key
    try:
        config = GeminiConfig(
            # Like the SDK: an empty key is no key, and GOOGLE_API_KEY wins over GEMINI_API_KEY.
            api_key=(key.get_secret_value().strip() or None) if key is not None else None,
            base_url=settings.gemini_base_url or None,
            model=settings.gemini_model,
            extra_models=settings.gemini_extra_models,
            timeout_s=settings.gemini_timeout_s,
            media_timeout_s=settings.gemini_media_timeout_s,
            history_window=settings.history_window,
            demonstration_turns=settings.gemini_demonstration_turns,
            thinking=settings.gemini_thinking,
            temperature=settings.gemini_temperature,
            top_p=settings.gemini_top_p,
            top_k=settings.gemini_top_k,
            vertex_base_url=settings.vertex_base_url,
            tuned_endpoint=settings.tuned_endpoint,
        )
        return build_gemini_engines(config)
    except GeminiConfigError as exc:
        raise SettingsError(str(exc)) from None


def build_engines(settings: Settings) -> EngineRegistry:
    """The offline engine first (always there), then whatever Gemini models are configured."""
    return EngineRegistry([offline_engine(settings), *_gemini_engines(settings)])


async def build_service(settings: Settings) -> ConversationService:
    """Open the store and wire it to the engines; the caller closes both with close_service."""
    engines = build_engines(settings)
    store = await open_store(settings.storage_url, pool_size=settings.db_pool_size)
    return ConversationService(
        store,
        engines,
        default_engine=settings.default_engine,
        fallback_engine=LOCAL_ENGINE,
        history_window=settings.history_window,
        engine_timeout_s=max(settings.gemini_timeout_s * 2, 10.0),
        rate_limit_per_minute=settings.rate_limit_per_minute,
        allowed_ids=settings.allowed_ids,
        reader=MediaReader(
            Tesseract(
                OcrConfig(
                    command=settings.tesseract_command,
                    languages=settings.ocr_languages,
                    timeout_s=settings.ocr_timeout_s,
                )
            )
        ),
    )


async def close_service(service: ConversationService) -> None:
    await service.aclose()
    await service.store.close()
    await service.engines_registry.aclose()
