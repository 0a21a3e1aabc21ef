{{%AUTOESCAPE context="HTML"}}
<section class="card" id="my-intercoms">
  <h1>My intercoms</h1>
  <form method="get" action="{{ACTION}}" class="filters">
    {{>LIMIT}}
    <button type="submit">Apply</button>
  </form>
  <table class="grid" id="intercoms-table">
    {{>THEAD}}
    <tbody>
    {{#ROW}}
      <tr data-intercom-id="{{ID}}" data-apartment-id="{{APARTMENT_ID}}">
        <td class="name">{{NAME}}</td>
        <td>{{ADDRESS}}</td>
        <td>{{ENTRANCE}}</td>
        <td>{{APARTMENT}}</td>
        <td class="keys">{{#KEYS_ITEM}}<code class="key">{{VALUE}}</code> {{/KEYS_ITEM}}{{#NO_KEYS}}<span class="empty">no keys</span>{{/NO_KEYS}}</td>
        <td class="allowed">{{#ACTIONS_ITEM}}<span class="action">{{VALUE}}</span> {{/ACTIONS_ITEM}}{{#NO_ACTIONS}}<span class="empty">none</span>{{/NO_ACTIONS}}</td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="6" class="empty">You are linked to no intercom.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
