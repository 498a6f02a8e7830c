/** The drag-and-drop payload type for palette items. */
export const PALETTE_MIME = 'application/x-modelwright-kind';
