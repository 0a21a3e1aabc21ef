{{%AUTOESCAPE context="HTML"}}
<section class="tab-billing-events" data-tab="billing-events">
  <p class="note">Requests from the customer billing system, newest first. Read-only.</p>
  <form method="get" action="/admin/users/{{ID}}/billing-events" class="filters" id="billing-events-filter" role="search">
    <label for="billing-events-type">Type</label>
    <select name="type" id="billing-events-type">
      <option value="">All types</option>
      {{#TYPE_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{CODE}} — {{LABEL}}</option>
      {{/TYPE_OPTION}}
    </select>
    <button type="submit">Filter</button>
  </form>
  <table class="grid" id="billing-events-table">
    <thead><tr><th scope="col">ID</th><th scope="col">Type</th><th scope="col">Created at</th></tr></thead>
    <tbody>
    {{#ROW}}
      <tr data-event-id="{{EVENT_ID}}" data-result="{{RESULT}}" class="billing-event result-{{RESULT}}">
        <td class="request-id">
          <details>
            <summary>{{REQUEST_ID}}</summary>
            <pre class="payload">{{PAYLOAD:pre_escape}}</pre>
          </details>
        </td>
        <td class="type">
          <code>{{TYPE}}</code> — <span class="label">{{LABEL}}</span>
          {{#FAILED}}<br><span class="badge badge-failed">failed</span> <span class="reason">{{ERROR}}</span>{{/FAILED}}
          {{#SENT}}<br><span class="sent-type">sent as <code>{{SENT_TYPE}}</code></span>{{/SENT}}
        </td>
        <td class="created">{{CREATED_AT}}</td>
      </tr>
    {{/ROW}}
    {{#NONE}}<tr><td colspan="3" class="empty">Billing sent nothing about this user.</td></tr>{{/NONE}}
    {{#NONE_OF_TYPE}}<tr><td colspan="3" class="empty">No events of this type.</td></tr>{{/NONE_OF_TYPE}}
    </tbody>
  </table>
  <nav class="pager" aria-label="Billing events pages">
    {{#FIRST}}<a class="first" href="/admin/users/{{ID}}/billing-events?type={{TYPE_Q:u}}">Newest</a>{{/FIRST}}
    {{#NEWER}}<a rel="prev" class="newer" href="/admin/users/{{ID}}/billing-events?type={{TYPE_Q:u}}&amp;after={{AFTER}}">Newer</a>{{/NEWER}}
    {{#OLDER}}<a rel="next" class="older" href="/admin/users/{{ID}}/billing-events?type={{TYPE_Q:u}}&amp;before={{BEFORE}}">Older</a>{{/OLDER}}
  </nav>
</section>
