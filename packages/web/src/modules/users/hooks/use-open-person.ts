// Opening a person's profile. From the Users list (a row, or Ctrl+K over the list), the list's
// history entry first remembers the person, so coming back focuses their row, and the profile
// learns the list's URL and page for its breadcrumb and previous/next.
import { useCallback } from "react";
import { useLocation, useNavigate } from "react-router";
import { listReturn } from "../lib/list-return";

export function useOpenPerson(): (personId: string, listRows?: readonly { id: string }[]) => void {
  const location = useLocation();
  const navigate = useNavigate();
  return useCallback(
    (personId, listRows = []) => {
      if (location.pathname !== "/users") {
        navigate(`/users/${personId}`);
        return;
      }
      const { listState, profileState } = listReturn(location, personId, listRows);
      navigate(location, { replace: true, state: listState });
      navigate(`/users/${personId}`, { state: profileState });
    },
    [location, navigate],
  );
}
