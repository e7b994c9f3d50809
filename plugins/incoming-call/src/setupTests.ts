import '@testing-library/jest-dom';

// jsdom has no object URLs; the voicemail player plays its audio from one.
URL.createObjectURL = () => 'blob:voicemail';
URL.revokeObjectURL = () => undefined;
