import { useLocation } from '@solidjs/router';
import { t } from './messages';

/**
 * The app frame's few words (skip link, update prompt), shared with the dashboard: in the
 * candidate's language on candidate pages, English on the dashboard.
 */
export const useCandidateText = () => {
  const location = useLocation();
  return (sentence: keyof typeof t & ('skipToContent' | 'updateReady' | 'updateReload' | 'updateLater'), english: string) =>
    location.pathname.startsWith('/i/') ? t[sentence] : english;
};
